/**
 * Seeded input generators for the fuzz properties (no fast-check dependency: a small PRNG and
 * hand-written shapes). Every case is a pure function of (seed, index), so a failure reproduces
 * with `npm run fuzz -- --seed S --only N`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
// The benchmark's seeded PRNG (mulberry32): one copy for both.
import { rng as prng } from "../../bench/generate.js";

export interface Rand {
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rand(seed: number): Rand {
  const next = prng(seed);
  return {
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

const RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));

/** The annotated rule fixtures: real-looking Django code to mutate. */
export const FIXTURES: readonly string[] = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(`${RULES_DIR}${d.name}`).filter((f) => /^fixture.*\.py$/.test(f)).map((f) => readFileSync(`${RULES_DIR}${d.name}/${f}`, "utf8")));

const UNICODE = ["é", "ß", "名前", "𝔘", "\u200b", "\u202e", "🙂", "ǅ", "\u0301", "Ω"];
const TOKENS = ["(", ")", "[", "]", ":", "\n", "    ", "for ", "in ", "if ", ".objects", ".filter(", "select_related(", "'", '"""', "\\", "#", "lambda", "await ", "yield ", "@", "**", "=", ","];

function mutate(r: Rand, text: string): string {
  const lines = text.split("\n");
  const edits = 1 + r.int(6);
  for (let i = 0; i < edits; i++) {
    const at = r.int(lines.length + 1);
    switch (r.int(6)) {
      case 0:
        lines.splice(at, 1 + r.int(3));
        break;
      case 1:
        lines.splice(at, 0, ...lines.slice(at, at + 1 + r.int(5)));
        break;
      case 2: {
        const line = lines[at] ?? "";
        const col = r.int(line.length + 1);
        lines[at] = line.slice(0, col) + r.pick(TOKENS) + line.slice(col);
        break;
      }
      case 3: {
        const other = r.int(lines.length);
        [lines[at], lines[other]] = [lines[other] ?? "", lines[at] ?? ""];
        break;
      }
      case 4:
        lines[at] = `${" ".repeat(r.int(12))}${(lines[at] ?? "").trimStart()}`;
        break;
      default: {
        const line = lines[at] ?? "";
        const col = r.int(line.length + 1);
        lines[at] = line.slice(0, col) + r.pick(UNICODE) + line.slice(col);
      }
    }
  }
  return lines.join("\n");
}

function deepNesting(r: Rand, depth: number): string {
  const kind = r.int(3);
  // Nested blocks: Python's own parser stops at 100 levels; tree-sitter has no such limit.
  if (kind === 0) return nestedBlocks(depth, () => r.pick(NESTED_BLOCKS));
  if (kind === 1) return `x = ${"(".repeat(depth)}Order.objects.all()${")".repeat(depth)}\n`;
  return `x = ${"[".repeat(depth)}1${"]".repeat(depth)}\n`;
}

function longChain(r: Rand, terms: number): string {
  const op = r.pick([" and ", " or ", " + ", " | ", ".filter(a=1)", " if c else "]);
  const body = op.startsWith(".") ? `Order.objects${op.repeat(terms)}` : Array.from({ length: terms }, (_, i) => `o.f${i % 9}`).join(op);
  return `from shop.models import Order\n\ndef f():\n    for o in Order.objects.all():\n        if ${body}:\n            print(o.customer)\n`;
}

/** `x = x = … = o.customer` inside a queryset loop: every link was once a walk down the whole chain. */
export function chainedAssignment(terms: number): string {
  return `from shop.models import Order\n\ndef f():\n    for o in Order.objects.all():\n        ${"x = ".repeat(terms)}o.customer\n        print(x.name)\n`;
}

/** `if o.f0 and o.f1 and …:` inside a queryset loop (a left-nested chain of boolean operators). */
export function andChain(terms: number): string {
  return `from shop.models import Order\n\ndef f():\n    for o in Order.objects.all():\n        if ${Array.from({ length: terms }, (_, i) => `o.f${i % 9}`).join(" and ")}:\n            print(o.customer)\n`;
}

/** Blocks nested `depth` deep (for / if / with / while) around a relation read. */
export function nestedBlocks(depth: number, pick: (i: number) => string = (i) => NESTED_BLOCKS[i % NESTED_BLOCKS.length]!): string {
  let out = "from shop.models import Order\n\ndef f(qs):\n";
  for (let i = 0; i < depth; i++) out += `${"    ".repeat(i + 1)}${pick(i)}\n`;
  return `${out}${"    ".repeat(depth + 1)}print(o.customer.name)\n`;
}

const NESTED_BLOCKS = ["for o in Order.objects.all():", "if o:", "with o:", "while o:"];

function longFunction(r: Rand, lines: number): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    body.push(
      r.pick([
        `    x${i} = Order.objects.filter(pk=${i}).first()`,
        `    for o in Order.objects.all():\n        total += o.customer.id`,
        `    y = x${Math.max(0, i - 1)}`,
        `    if x${i % 7}: pass`,
      ]),
    );
  }
  return `from shop.models import Order\n\ndef huge():\n    total = 0\n${body.slice(0, lines).join("\n")}\n    return total\n`;
}

function randomBytes(r: Rand, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = r.int(256);
  return out;
}

export const SOURCE_KINDS = ["mutated fixture", "deep nesting", "long chain", "long function", "unicode", "crlf", "bom", "random bytes", "chained assignment"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface SourceCase {
  kind: SourceKind;
  bytes: Uint8Array;
}

/** Case `index` of a run seeded `seed`. `scale` (1 in the suite, more in `npm run fuzz`) grows the sizes. */
export function sourceCase(seed: number, index: number, scale = 1): SourceCase {
  const r = rand(seed * 1_000_003 + index);
  const kind = SOURCE_KINDS[index % SOURCE_KINDS.length]!;
  const enc = (s: string) => new TextEncoder().encode(s);
  const fixture = () => r.pick(FIXTURES);
  switch (kind) {
    case "mutated fixture":
      return { kind, bytes: enc(mutate(r, fixture())) };
    case "deep nesting":
      return { kind, bytes: enc(deepNesting(r, 20 + r.int(60 * scale))) };
    case "long chain":
      // Kept short in the suite: a few hundred terms currently cost the analysis tens of seconds
      // (a super-linear path the performance work owns); `npm run fuzz -- --scale 10` goes further.
      return { kind, bytes: enc(longChain(r, 20 + r.int(40 * scale))) };
    case "long function":
      // The suite stays at a few hundred lines: a 2,000-line function currently takes minutes (the
      // super-linear path of issue 12's dense module, owned by the performance work); the fuzz script's
      // 10,000-line functions report it as a hang until that is fixed.
      return { kind, bytes: enc(longFunction(r, scale > 1 ? 10_000 : 100 + r.int(150))) };
    case "unicode":
      return { kind, bytes: enc(fixture().replace(/\b(o|order|qs|user)\b/g, () => `v${r.pick(UNICODE.filter((u) => /\p{L}/u.test(u)))}`)) };
    case "crlf":
      return { kind, bytes: enc(mutate(r, fixture()).replace(/\n/g, r.chance(0.5) ? "\r\n" : "\r")) };
    case "bom":
      return { kind, bytes: enc(`\ufeff${fixture()}`) };
    case "random bytes":
      return { kind, bytes: randomBytes(r, 1 + r.int(4096 * scale)) };
    case "chained assignment":
      return { kind, bytes: enc(chainedAssignment(20 + r.int(300 * scale))) };
  }
}

/** A unified diff, well-formed or broken in one of the ways real ones break. */
export function diffCase(seed: number, index: number): string {
  const r = rand(seed * 7_919 + index);
  const lines = ["diff --git a/shop/views.py b/shop/views.py", "--- a/shop/views.py", "+++ b/shop/views.py", `@@ -${r.int(50)},${r.int(9)} +${r.int(50)},${r.int(9)} @@ def f():`];
  for (let i = 0; i < r.int(30); i++) lines.push(`${r.pick([" ", "+", "-", "\\", "@@ ", ""])}${r.pick(["x = 1", "for o in Order.objects.all():", "\\ No newline at end of file", r.pick(UNICODE)])}`);
  if (r.chance(0.3)) lines.splice(r.int(lines.length), 0, "Binary files a/x.png and b/x.png differ");
  if (r.chance(0.3)) lines.splice(r.int(lines.length), 0, "@@ -a,b +c,d @@");
  return lines.join(r.chance(0.2) ? "\r\n" : "\n");
}

/** A comment body that may or may not be a `/djperf` command. */
export function commandCase(seed: number, index: number): string {
  const r = rand(seed * 104_729 + index);
  const words = ["explain", "recheck", "help", "ignore", "DJP101", "lazy-relation-in-loop", ")".repeat(r.int(70_000)), "(".repeat(r.int(100)), "@someone", "`", r.pick(UNICODE)];
  const body = Array.from({ length: r.int(12) }, () => r.pick(words)).join(r.pick([" ", "\n", "\t", "  "]));
  return `${r.pick(["/djperf ", "/DJPERF ", "/djperf", " /djperf ", "djperf "])}${body}`;
}

/** A `.github/djperf.yml` text: valid, wrong, hostile (anchors, huge numbers, deep nesting). */
export function configCase(seed: number, index: number): string {
  const r = rand(seed * 15_485_863 + index);
  return r.pick([
    () => `rules:\n  DJP101: ${r.pick(["off", "block", "warn", "info", "nonsense", "{level: block}", "[1, 2]"])}\n`,
    () => `analysis:\n  max_file_bytes: ${r.pick(["1", "-5", "1e308", "10485761", "abc", "null"])}\n  max_files: ${r.int(5000)}\n`,
    () => `a: &a [*a]\nrules: *a\nbad_key: 1\n`,
    () => `${"x:\n  ".repeat(r.int(200))}y: 1\n`,
    () => `paths:\n  include: [${Array.from({ length: r.int(50) }, () => `"${r.pick(["**/*.py", "[", "{a,b}", "!x", "\\\\"])}"`).join(", ")}]\n`,
    () => String.fromCharCode(...Array.from({ length: r.int(200) }, () => r.int(128))),
  ])();
}
