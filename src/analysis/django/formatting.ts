/**
 * Where a value is formatted with str(): `str(x)`, `f"{x}"` / `f"{x!s}"`, `"{}".format(x)` and
 * `"%s" % x` / `"%s %s" % (a, x)`. Each calls the value's `__str__` eagerly; for a model row that runs
 * its `__str__`, for a foreign key read off a row (`f"{self.customer}"`) it loads the related row first.
 * Pure syntax: shared by DJP101 (rows formatted in a loop) and the index (`__str__` formatting a key).
 */
import type { SyntaxNode } from "../parser.js";
import { builtinCallArg, calleeName, stringValue } from "./syntax.js";

export interface FormatSite {
  /** The formatted expression (`row`, `self.customer`). */
  value: SyntaxNode;
  /** The formatting expression (`str(row)`, `{row}`, `"%s" % row`). */
  site: SyntaxNode;
}

const STR = new Set(["str"]);
const LOGGING = new Set(["debug", "info", "warning", "warn", "error", "exception", "critical", "log"]);
/** A %-conversion (`%s`, `%(name)s`, `%-10s`), `%%` included so that it can be skipped. */
const PERCENT = /%(\([^)]*\))?[-#0 +]*(\*|\d+)?(\.(\*|\d+))?[hlL]?([a-zA-Z%])/g;

/** The values formatted by these calls, f-string interpolations and `%` operators (other nodes are ignored). */
export function formatSites(calls: Iterable<SyntaxNode>, interpolations: Iterable<SyntaxNode>, operators: Iterable<SyntaxNode>): FormatSite[] {
  const out: FormatSite[] = [];
  const add = (value: SyntaxNode | null | undefined, site: SyntaxNode): void => {
    if (value) out.push({ value, site });
  };
  for (const call of calls) {
    const args = call.childForFieldName("arguments");
    const named = args?.namedChildren.filter((c) => c.type !== "comment") ?? [];
    if (named.length === 1 && builtinCallArg(call, STR)) add(named[0], call);
    else if (calleeName(call) === "format") {
      const text = formatTemplate(call);
      // `{!r}` calls repr, `{:>10}` a format spec the model's __format__ may not accept: only plain fields.
      if (text === undefined || /\{[^{}]*[!:][^{}]*\}/.test(text)) continue;
      for (const arg of named) if (arg.type !== "keyword_argument") add(arg, call);
    }
  }
  for (const part of interpolations) {
    if (part.childForFieldName("format_specifier")) continue;
    const conversion = part.childForFieldName("type_conversion")?.text;
    if (conversion !== undefined && conversion !== "!s") continue;
    add(part.childForFieldName("expression"), part);
  }
  for (const op of operators) {
    if (op.childForFieldName("operator")?.text !== "%") continue;
    const left = op.childForFieldName("left");
    const text = left ? stringValue(left) : undefined;
    const right = op.childForFieldName("right");
    if (text === undefined || !right) continue;
    const conversions = [...text.matchAll(PERCENT)].filter((m) => m[5] !== "%");
    // A mapping (`%(name)s`) takes a dict, not the value.
    if (conversions.some((m) => m[1] !== undefined)) continue;
    const values = right.type === "tuple" ? right.namedChildren : [right];
    conversions.forEach((m, i) => {
      if (m[5] === "s") add(values[i], op);
    });
  }
  return out;
}

/** The literal template of `"...".format(...)`, when the object is a string literal. */
export function formatTemplate(call: SyntaxNode): string | undefined {
  const template = call.childForFieldName("function")?.childForFieldName("object");
  return template ? stringValue(template) : undefined;
}

/** Inside a logging call (`logger.info("%s" % row)`) or a `raise`, in the same function. */
export function inLoggingOrRaise(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "raise_statement") return true;
    if (n.type === "call" && n.childForFieldName("function")?.type === "attribute" && LOGGING.has(calleeName(n) ?? "")) return true;
    if (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition") return false;
  }
  return false;
}
