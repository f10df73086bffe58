/**
 * The building blocks of the fuzz inputs: pure functions from explicit parameters to a Python file,
 * a diff, a command body or a config text. test/fuzz/arbitraries.ts draws the parameters with
 * fast-check, so a failing case shrinks parameter by parameter (fewer edits, a shallower nesting, a
 * shorter chain) instead of being one opaque blob of bytes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));

/** The annotated rule fixtures: real-looking Django code to mutate. */
export const FIXTURES: readonly string[] = readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(`${RULES_DIR}${d.name}`).filter((f) => /^fixture.*\.py$/.test(f)).map((f) => readFileSync(`${RULES_DIR}${d.name}/${f}`, "utf8")));

export const UNICODE = ["é", "ß", "名前", "𝔘", "\u200b", "\u202e", "🙂", "ǅ", "\u0301", "Ω"] as const;
/** The UNICODE entries that are letters, so they can start or continue a Python identifier. */
export const UNICODE_LETTERS = UNICODE.filter((u) => /\p{L}/u.test(u));
export const TOKENS = ["(", ")", "[", "]", ":", "\n", "    ", "for ", "in ", "if ", ".objects", ".filter(", "select_related(", "'", '"""', "\\", "#", "lambda", "await ", "yield ", "@", "**", "=", ","] as const;

/**
 * One line edit. Positions are taken modulo the text's size at the time of the edit, so any numbers
 * make a valid edit and shrinking towards 0 stays meaningful.
 */
export type Edit =
  | { op: "delete"; at: number; count: number }
  | { op: "duplicate"; at: number; count: number }
  | { op: "insert"; at: number; col: number; token: string }
  | { op: "swap"; at: number; other: number }
  | { op: "indent"; at: number; spaces: number };

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const lines = text.split("\n");
  for (const e of edits) {
    const at = e.at % (lines.length + 1);
    switch (e.op) {
      case "delete":
        lines.splice(at, e.count);
        break;
      case "duplicate":
        lines.splice(at, 0, ...lines.slice(at, at + e.count));
        break;
      case "insert": {
        const line = lines[at] ?? "";
        const col = e.col % (line.length + 1);
        lines[at] = line.slice(0, col) + e.token + line.slice(col);
        break;
      }
      case "swap": {
        const other = e.other % Math.max(1, lines.length);
        [lines[at], lines[other]] = [lines[other] ?? "", lines[at] ?? ""];
        break;
      }
      case "indent":
        lines[at] = `${" ".repeat(e.spaces)}${(lines[at] ?? "").trimStart()}`;
    }
  }
  return lines.join("\n");
}

/** Renames the usual loop variables to identifiers with non-ASCII letters (`letters[i]` for the i-th). */
export function unicodeIdentifiers(text: string, letters: readonly string[]): string {
  let i = 0;
  return text.replace(/\b(o|order|qs|user)\b/g, () => `v${letters.length > 0 ? letters[i++ % letters.length] : ""}`);
}

export const NESTED_BLOCKS = ["for o in Order.objects.all():", "if o:", "with o:", "while o:"] as const;

/** Blocks nested `depth` deep (for / if / with / while) around a relation read. */
export function nestedBlocks(depth: number, pick: (i: number) => string = (i) => NESTED_BLOCKS[i % NESTED_BLOCKS.length]!): string {
  let out = "from shop.models import Order\n\ndef f(qs):\n";
  for (let i = 0; i < depth; i++) out += `${"    ".repeat(i + 1)}${pick(i)}\n`;
  return `${out}${"    ".repeat(depth + 1)}print(o.customer.name)\n`;
}

/**
 * A view with `for` loops over a queryset nested `depth` deep, each starting with `work(i)` (`o3.save()`,
 * a remote call): per-call questions that walk up the nest (to the function, a branch, a lambda) cost d².
 */
export function nestedLoopsDoing(depth: number, work: (i: number) => string): string {
  let out = "import requests\nfrom shop.models import Order\n\ndef f(request):\n    url = request.GET[\"next\"]\n";
  for (let i = 0; i < depth; i++) out += `${"    ".repeat(i + 1)}for o${i} in Order.objects.all():\n${"    ".repeat(i + 2)}${work(i)}\n`;
  return out;
}

/**
 * A view of `calls` remote calls with a timeout, each answer deciding a branch: every call is one whose
 * answer the response needs (DJP601 then stays silent), asked about one by one.
 */
export function usedRemoteAnswers(calls: number): string {
  const body = Array.from({ length: calls }, (_, i) => `    r${i} = requests.get(url, timeout=3)\n    if r${i}.ok:\n        n += 1\n`).join("");
  return `import requests\nfrom django.http import JsonResponse\n\ndef f(request):\n    url = request.GET["next"]\n    n = 0\n${body}    return JsonResponse({"n": n})\n`;
}

/** Deep nesting of blocks (Python's own parser stops at 100 levels; tree-sitter has no limit), parentheses or lists. */
export function deepNesting(kind: "blocks" | "parens" | "lists", depth: number, blocks: readonly string[] = []): string {
  if (kind === "blocks") return nestedBlocks(depth, blocks.length > 0 ? (i) => blocks[i % blocks.length]! : undefined);
  if (kind === "parens") return `x = ${"(".repeat(depth)}Order.objects.all()${")".repeat(depth)}\n`;
  return `x = ${"[".repeat(depth)}1${"]".repeat(depth)}\n`;
}

export const CHAIN_OPS = [" and ", " or ", " + ", " | ", ".filter(a=1)", " if c else "] as const;

/** A condition of `terms` terms joined by `op` inside a queryset loop. */
export function longChain(op: string, terms: number): string {
  const body = op.startsWith(".") ? `Order.objects${op.repeat(terms)}` : Array.from({ length: terms }, (_, i) => `o.f${i % 9}`).join(op);
  return `from shop.models import Order\n\ndef f():\n    for o in Order.objects.all():\n        if ${body}:\n            print(o.customer)\n`;
}

/** `x = x = … = o.customer` inside a queryset loop: every link was once a walk down the whole chain. */
export function chainedAssignment(terms: number): string {
  return `from shop.models import Order\n\ndef f():\n    for o in Order.objects.all():\n        ${"x = ".repeat(terms)}o.customer\n        print(x.name)\n`;
}

/** `if o.f0 and o.f1 and …:` inside a queryset loop (a left-nested chain of boolean operators). */
export function andChain(terms: number): string {
  return longChain(" and ", terms);
}

const FUNCTION_LINES = [
  (i: number) => `    x${i} = Order.objects.filter(pk=${i}).first()`,
  () => "    for o in Order.objects.all():\n        total += o.customer.id",
  (i: number) => `    y = x${Math.max(0, i - 1)}`,
  (i: number) => `    if x${i % 7}: pass`,
];
export const FUNCTION_LINE_KINDS = FUNCTION_LINES.length;

/** One function with a line per entry of `kinds` (queries, queryset loops, assignments, ifs). */
export function longFunction(kinds: readonly number[]): string {
  const body = kinds.map((k, i) => FUNCTION_LINES[k % FUNCTION_LINES.length]!(i));
  return `from shop.models import Order\n\ndef huge():\n    total = 0\n${body.join("\n")}\n    return total\n`;
}

/**
 * The worst file of the fuzz shapes: a 10,000-line function of loops and queries (the newcomer's
 * dense views module of issue 12). The stall tests analyse it as "a file that takes long".
 */
export function worstFunction(lines = 10_000): string {
  return longFunction(Array.from({ length: lines }, (_, i) => i));
}

export interface DiffShape {
  hunk: [number, number, number, number];
  lines: ReadonlyArray<readonly [prefix: string, content: string]>;
  /** Where to insert a `Binary files … differ` line and a malformed `@@ -a,b +c,d @@` header, if anywhere. */
  binaryAt?: number;
  badHunkAt?: number;
  crlf: boolean;
}

/** A unified diff, well-formed or broken in one of the ways real ones break. */
export function buildDiff(shape: DiffShape): string {
  const [a, b, c, d] = shape.hunk;
  const lines = ["diff --git a/shop/views.py b/shop/views.py", "--- a/shop/views.py", "+++ b/shop/views.py", `@@ -${a},${b} +${c},${d} @@ def f():`, ...shape.lines.map(([p, t]) => p + t)];
  if (shape.binaryAt !== undefined) lines.splice(shape.binaryAt % (lines.length + 1), 0, "Binary files a/x.png and b/x.png differ");
  if (shape.badHunkAt !== undefined) lines.splice(shape.badHunkAt % (lines.length + 1), 0, "@@ -a,b +c,d @@");
  return lines.join(shape.crlf ? "\r\n" : "\n");
}

export const DIFF_PREFIXES = [" ", "+", "-", "\\", "@@ ", ""] as const;
export const DIFF_CONTENTS = ["x = 1", "for o in Order.objects.all():", "\\ No newline at end of file", ...UNICODE] as const;

export const COMMAND_PREFIXES = ["/djperf ", "/DJPERF ", "/djperf", " /djperf ", "djperf "] as const;
export const COMMAND_WORDS = ["explain", "recheck", "help", "ignore", "DJP101", "lazy-relation-in-loop", "@someone", "`", "```", ...UNICODE] as const;
export const COMMAND_SEPARATORS = [" ", "\n", "\t", "  ", "\r\n"] as const;

export function buildCommand(prefix: string, words: readonly string[], separator: string): string {
  return `${prefix}${words.join(separator)}`;
}

export const RULE_LEVELS = ["off", "block", "warn", "info", "nonsense", "{level: block}", "[1, 2]"] as const;
export const NUMBERS = ["1", "-5", "1e308", "10485761", "abc", "null"] as const;
export const GLOBS = ["**/*.py", "[", "{a,b}", "!x", "\\\\"] as const;

/** `.github/djperf.yml` texts with the project's keys: valid, wrong and hostile (anchors, deep nesting). */
export const configTexts = {
  ruleLevel: (rule: string, level: string) => `rules:\n  ${rule}: ${level}\n`,
  limits: (maxFileBytes: string, maxFiles: number) => `analysis:\n  max_file_bytes: ${maxFileBytes}\n  max_files: ${maxFiles}\n`,
  selfAnchor: () => `a: &a [*a]\nrules: *a\nbad_key: 1\n`,
  deep: (depth: number) => `${"x:\n  ".repeat(depth)}y: 1\n`,
  include: (globs: readonly string[]) => `paths:\n  include: [${globs.map((g) => `"${g}"`).join(", ")}]\n`,
};
