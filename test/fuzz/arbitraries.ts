/**
 * fast-check arbitraries for the fuzz properties (issue 12). Each draws the parameters of a building
 * block of test/fuzz/generators.ts, so fast-check shrinks a failure to the fewest edits, the shallowest
 * nesting, the shortest chain that still fails. `scale` (1 in the suite, more in `npm run fuzz`)
 * multiplies the sizes. Lengths meant to reach their maximum say `size: "max"`: fast-check's default
 * ("small") keeps arrays and strings to about ten items whatever `maxLength` says.
 */
import fc from "fast-check";
import { RULES } from "../../rules/index.js";
import {
  applyEdits,
  buildCommand,
  buildDiff,
  CHAIN_OPS,
  chainedAssignment,
  COMMAND_PREFIXES,
  COMMAND_SEPARATORS,
  COMMAND_WORDS,
  configTexts,
  deepNesting,
  DIFF_CONTENTS,
  DIFF_PREFIXES,
  type Edit,
  FIXTURES,
  FUNCTION_LINE_KINDS,
  GLOBS,
  longChain,
  longFunction,
  NESTED_BLOCKS,
  NUMBERS,
  RULE_LEVELS,
  TOKENS,
  UNICODE,
  UNICODE_LETTERS,
  unicodeIdentifiers,
} from "./generators.js";

export const SOURCE_KINDS = ["mutated fixture", "deep nesting", "long chain", "long function", "unicode", "crlf", "bom", "random bytes", "chained assignment"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A generated file: its bytes, and what made it (printed as the counterexample instead of the bytes). */
export class SourceCase {
  readonly bytes: Uint8Array;
  constructor(
    readonly kind: SourceKind,
    readonly params: unknown,
    content: string | Uint8Array,
  ) {
    this.bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  }
  [fc.toStringMethod](): string {
    const shown = this.kind === "random bytes" ? `[${Array.from(this.bytes.slice(0, 64)).join(",")}${this.bytes.length > 64 ? ",…" : ""}]` : fc.stringify(this.params);
    return `${this.kind} ${shown} (${this.bytes.length} bytes)`;
  }
}

const oneOf = <T>(items: readonly T[]) => fc.constantFrom(...items);
/** A piece of text: one of the interesting tokens, or any string of graphemes (unicode strings). */
const token = fc.oneof(oneOf(TOKENS), oneOf(UNICODE), fc.string({ unit: "grapheme", maxLength: 12 }));
const fixtureIndex = fc.nat(FIXTURES.length - 1);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), col: fc.nat(), token }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant("indent" as const), at: fc.nat(), spaces: fc.nat(12) }),
);

const mutated = (scale: number) => fc.record({ fixture: fixtureIndex, edits: fc.array(edit, { maxLength: 6 * scale, size: "max" }) });
const mutatedText = (p: { fixture: number; edits: readonly Edit[] }) => applyEdits(FIXTURES[p.fixture]!, p.edits);

/** One arbitrary per kind of Python source, so the suite runs every kind and a failure names its kind. */
export function sourceArbitraries(scale = 1): Record<SourceKind, fc.Arbitrary<SourceCase>> {
  const make =
    <P>(kind: SourceKind, build: (p: P) => string | Uint8Array) =>
    (p: P) =>
      new SourceCase(kind, p, build(p));
  return {
    "mutated fixture": mutated(scale).map(make("mutated fixture", mutatedText)),
    "deep nesting": fc
      .record({ kind: oneOf(["blocks", "parens", "lists"] as const), depth: fc.integer({ min: 1, max: 80 * scale }), blocks: fc.array(oneOf(NESTED_BLOCKS), { maxLength: 6 }) })
      .map(make("deep nesting", (p) => deepNesting(p.kind, p.depth, p.blocks))),
    "long chain": fc.record({ op: oneOf(CHAIN_OPS), terms: fc.integer({ min: 1, max: 60 * scale }) }).map(make("long chain", (p) => longChain(p.op, p.terms))),
    // A length and a short cycle of line kinds (not one array entry per line): the length shrinks on its own.
    "long function": fc
      .record({ lines: fc.integer({ min: 1, max: 250 * scale }), kinds: fc.array(fc.nat(FUNCTION_LINE_KINDS - 1), { minLength: 1, maxLength: 8 }) })
      .map(make("long function", (p) => longFunction(Array.from({ length: p.lines }, (_, i) => p.kinds[i % p.kinds.length]!)))),
    unicode: fc
      .record({ fixture: fixtureIndex, letters: fc.array(oneOf(UNICODE_LETTERS), { minLength: 1, maxLength: 5 }), text: fc.string({ unit: "grapheme", maxLength: 40 * scale, size: "max" }) })
      .map(make("unicode", (p) => `${unicodeIdentifiers(FIXTURES[p.fixture]!, p.letters)}\ns = ${JSON.stringify(p.text)}\n# ${p.text.replace(/[\r\n]/g, " ")}\n`)),
    crlf: fc.record({ source: mutated(scale), eol: oneOf(["\r\n", "\r"]) }).map(make("crlf", (p) => mutatedText(p.source).replace(/\n/g, p.eol))),
    bom: mutated(scale).map(make("bom", (p) => `\ufeff${mutatedText(p)}`)),
    "random bytes": fc.uint8Array({ minLength: 1, maxLength: 4096 * scale, size: "max" }).map((bytes) => new SourceCase("random bytes", undefined, bytes)),
    "chained assignment": fc.integer({ min: 1, max: 300 * scale }).map(make("chained assignment", chainedAssignment)),
  };
}

/** Unified diffs: the usual shape with broken hunks, binary lines, CRLF; or any text at all. */
export function diffArbitrary(scale = 1): fc.Arbitrary<string> {
  const shaped = fc
    .record({
      hunk: fc.tuple(fc.nat(60), fc.nat(9), fc.nat(60), fc.nat(9)),
      lines: fc.array(fc.tuple(oneOf(DIFF_PREFIXES), fc.oneof(oneOf(DIFF_CONTENTS), fc.string({ unit: "grapheme", maxLength: 20 }))), { maxLength: 30 * scale, size: "max" }),
      binaryAt: fc.option(fc.nat(), { nil: undefined }),
      badHunkAt: fc.option(fc.nat(), { nil: undefined }),
      crlf: fc.boolean(),
    })
    .map(buildDiff);
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: fc.string({ unit: "binary", maxLength: 500 * scale, size: "max" }), weight: 1 });
}

/** Comment bodies that may or may not be `/djperf` commands, with the ReDoS shape (runs of parentheses). */
export function commandArbitrary(scale = 1): fc.Arbitrary<string> {
  const parens = fc.record({ ch: oneOf(["(", ")", "`"]), n: fc.integer({ min: 1, max: 20_000 * scale }) }).map((p) => p.ch.repeat(p.n));
  const word = fc.oneof(oneOf(COMMAND_WORDS), parens, fc.string({ unit: "grapheme", maxLength: 20 }));
  return fc.tuple(oneOf(COMMAND_PREFIXES), fc.array(word, { maxLength: 12 }), oneOf(COMMAND_SEPARATORS)).map(([prefix, words, sep]) => buildCommand(prefix, words, sep));
}

const RULE_KEYS = RULES.flatMap((r) => [r.id, r.name]);

/**
 * `.github/djperf.yml` as text (the project's keys with good and bad values, hostile YAML, any text) or as
 * the parsed object (any value, any object, and objects with the schema's keys and wrong values).
 */
export function configArbitrary(scale = 1): fc.Arbitrary<unknown> {
  const anyText = fc.string({ maxLength: 40 });
  const texts = fc.oneof(
    fc.tuple(fc.oneof(oneOf(RULE_KEYS), anyText), fc.oneof(oneOf(RULE_LEVELS), anyText)).map(([rule, level]) => configTexts.ruleLevel(rule, level)),
    fc.tuple(fc.oneof(oneOf(NUMBERS), anyText), fc.integer({ min: -10, max: 5000 })).map(([bytes, files]) => configTexts.limits(bytes, files)),
    fc.constant(configTexts.selfAnchor()),
    fc.integer({ min: 0, max: 200 * scale }).map(configTexts.deep),
    fc.array(fc.oneof(oneOf(GLOBS), anyText), { maxLength: 50 }).map(configTexts.include),
    fc.string({ unit: "binary-ascii", maxLength: 200 * scale, size: "max" }),
  );
  const value = fc.oneof(fc.anything(), oneOf(RULE_LEVELS), fc.integer(), fc.double(), fc.boolean());
  const structured = fc.record(
    {
      rules: fc.dictionary(fc.oneof(oneOf(RULE_KEYS), fc.string()), value),
      paths: fc.record({ include: fc.array(fc.oneof(oneOf(GLOBS), fc.string())), exclude: fc.anything(), default_excludes: value }, { requiredKeys: [] }),
      overrides: fc.array(fc.record({ paths: fc.array(fc.string()), rules: fc.dictionary(fc.string(), value) }, { requiredKeys: [] })),
      analysis: fc.record({ max_file_bytes: value, max_files: value }, { requiredKeys: [] }),
      filter: value,
      index_advisor: value,
      database: fc.record({ postgres_version: value }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(texts, structured, fc.object(), fc.anything());
}
