/**
 * A CSV reader over a file shipped with the code: a path written as a literal (`open("app/data/
 * topics.csv")`), or built from the module's own location or the project's base directory
 * (`os.path.join(os.path.dirname(__file__), "data.csv")`, `Path(__file__).parent / "x.csv"`,
 * `settings.BASE_DIR / "fixtures" / "x.csv"`), or a package resource (`importlib.resources`,
 * `pkg_resources`). Such a file is as large as what was committed, not an input that grows
 * (rotation set 10: a topic crosswalk of a few dozen rows read into a mapping).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { attributeName, positionalArgs, stringValue, unwrapParens } from "../../src/analysis/django/syntax.js";
import { methodCallOf } from "../../src/analysis/django/evaluation.js";
import { lastAssignedValue } from "../../src/analysis/django/slow-calls.js";

const OPENERS = new Set(["open", "io.open", "codecs.open", "builtins.open"]);
/** Package resources: files installed with the code. */
const RESOURCE_CALLS = /^(importlib\.resources|importlib_resources|pkg_resources)\.(open_text|open_binary|read_text|files|resource_stream|resource_string|resource_filename|path)$/;
/** Path helpers whose result is fixed when their arguments are. */
const PATH_CALLS = new Set(["os.path.join", "os.path.dirname", "os.path.abspath", "os.path.realpath", "os.path.normpath", "pathlib.Path", "pathlib.PurePath", "str"]);
const PATH_METHODS = new Set(["resolve", "absolute", "joinpath", "with_suffix", "with_name"]);
/** The project's own directory, as Django projects name it. */
const BASE_DIR_NAME = /^(BASE_DIR|PROJECT_DIR|PROJECT_ROOT|ROOT_DIR|APP_DIR|APPS_DIR|PACKAGE_DIR|SOURCE_DIR|SRC_DIR)$/;
/** Lines-of-the-file wrappers: the reader still walks the same file. */
const LINE_METHODS = new Set(["readlines", "read", "splitlines"]);

/** The reader call's first argument is a file shipped with the code. */
export function readsFixedFile(django: DjangoFacts, readerCall: SyntaxNode): boolean {
  const first = positionalArgs(readerCall.childForFieldName("arguments"))[0];
  return first !== undefined && fixedFileHandle(django, unwrapParens(first), 0);
}

function fixedFileHandle(django: DjangoFacts, node: SyntaxNode, depth: number): boolean {
  if (depth > 4) return false;
  if (node.type === "call") {
    const m = methodCallOf(node);
    if (m && LINE_METHODS.has(m.name)) return fixedFileHandle(django, unwrapParens(m.object), depth + 1);
    return opensFixedFile(django, node);
  }
  if (node.type !== "identifier") return false;
  const opened = withTarget(node);
  if (opened) return opensFixedFile(django, opened);
  const value = lastAssignedValue(django, node);
  return value !== undefined && fixedFileHandle(django, value, depth + 1);
}

/** `open(path)`, `path.open()`, a package resource opened. */
function opensFixedFile(django: DjangoFacts, call: SyntaxNode): boolean {
  const callee = call.childForFieldName("function");
  const dotted = callee && (callee.type === "identifier" || callee.type === "attribute") ? (django.qualifiedName(callee) ?? callee.text) : "";
  if (RESOURCE_CALLS.test(dotted)) return true;
  const args = positionalArgs(call.childForFieldName("arguments"));
  if (OPENERS.has(dotted)) return args[0] !== undefined && fixedPath(django, args[0], 0);
  const m = methodCallOf(call);
  return m !== undefined && m.name === "open" && fixedPath(django, m.object, 0);
}

/** The expression that `with <expr> as <id>:` binds to `id`, when `id` is used inside that block. */
function withTarget(id: SyntaxNode): SyntaxNode | undefined {
  for (let n = id.parent; n; n = n.parent) {
    if (n.type === "function_definition" || n.type === "class_definition") return undefined;
    if (n.type !== "with_statement") continue;
    for (const item of n.descendantsOfType("with_item")) {
      const value = item.childForFieldName("value");
      if (value?.type !== "as_pattern") continue;
      const target = value.namedChildren.find((c) => c.type === "as_pattern_target");
      const expr = value.namedChildren[0];
      if (target?.text === id.text && expr) return unwrapParens(expr);
    }
  }
  return undefined;
}

/** A path fixed by the code: string literals, `__file__`, the base directory, and path helpers over them. */
function fixedPath(django: DjangoFacts, expr: SyntaxNode, depth: number): boolean {
  const node = unwrapParens(expr);
  if (depth > 6) return false;
  switch (node.type) {
    case "string": {
      // An absolute or home path names a place on the machine (`/tmp/export.csv`), not a file of the code.
      const text = stringValue(node);
      return text !== undefined && !node.descendantsOfType("interpolation").length && !/^[/~\\]|^[A-Za-z]:/.test(text);
    }
    case "concatenated_string":
      return node.namedChildren.every((c) => fixedPath(django, c, depth + 1));
    case "identifier":
      if (node.text === "__file__" || BASE_DIR_NAME.test(node.text)) return true;
      return fixedName(django, node, depth);
    case "attribute": {
      const name = attributeName(node) ?? "";
      if (BASE_DIR_NAME.test(name) && /(^|\.)settings$/.test(node.childForFieldName("object")?.text ?? "")) return true;
      // `Path(__file__).parent`, `.parents[1]`.
      const object = node.childForFieldName("object");
      return (name === "parent" || name === "parents") && object !== null && fixedPath(django, object, depth + 1);
    }
    case "subscript": {
      const value = node.childForFieldName("value");
      return value !== null && /\.parents$/.test(value.text) && fixedPath(django, value, depth + 1);
    }
    case "binary_operator": {
      const op = node.childForFieldName("operator")?.text;
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      return (op === "/" || op === "+") && left !== null && right !== null && fixedPath(django, left, depth + 1) && fixedPath(django, right, depth + 1);
    }
    case "call": {
      const callee = node.childForFieldName("function");
      const dotted = callee && (callee.type === "identifier" || callee.type === "attribute") ? (django.qualifiedName(callee) ?? callee.text) : "";
      const args = node.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
      if (RESOURCE_CALLS.test(dotted)) return true;
      if (PATH_CALLS.has(dotted) || PATH_CALLS.has(callee?.text ?? "") || callee?.text === "Path") return args.length > 0 && args.every((a) => a.type !== "keyword_argument" && fixedPath(django, a, depth + 1));
      const m = methodCallOf(node);
      if (m && PATH_METHODS.has(m.name)) return fixedPath(django, m.object, depth + 1) && args.every((a) => fixedPath(django, a, depth + 1));
      return false;
    }
    default:
      return false;
  }
}

/** A name last assigned a fixed path in the function, or at module level (`DATA_DIR = Path(__file__).parent / "data"`). */
function fixedName(django: DjangoFacts, id: SyntaxNode, depth: number): boolean {
  const value = lastAssignedValue(django, id);
  if (value) return fixedPath(django, value, depth + 1);
  let only: SyntaxNode | undefined;
  for (const assignment of django.nodesOfType("assignment")) {
    if (assignment.parent?.parent?.type !== "module" && assignment.parent?.type !== "module") continue;
    const left = assignment.childForFieldName("left");
    if (left?.type !== "identifier" || left.text !== id.text) continue;
    if (only) return false;
    only = assignment.childForFieldName("right") ?? undefined;
  }
  return only !== undefined && fixedPath(django, only, depth + 1);
}
