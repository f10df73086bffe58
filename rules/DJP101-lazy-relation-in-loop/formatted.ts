/**
 * Where a bare name is formatted with str(): `str(row)`, `f"{row}"` / `f"{row!s}"`, `"{}".format(row)`
 * and `"%s" % row` / `"%s %s" % (a, row)`. Each calls the row's `__str__` eagerly. Formattings inside a
 * logging call (`logger.info("%s" % row)`) or a `raise` are left out: logging is often off or sampled,
 * and a raise runs once.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { builtinCallArg, calleeName, stringValue } from "../../src/analysis/django/syntax.js";

export interface FormattedRow {
  /** The formatted name (`row`). */
  object: SyntaxNode;
  /** The formatting expression, reported as the access (`str(row)`, `{row}`, `"%s" % row`). */
  site: SyntaxNode;
}

const STR = new Set(["str"]);
const LOGGING = new Set(["debug", "info", "warning", "warn", "error", "exception", "critical", "log"]);
/** A %-conversion (`%s`, `%(name)s`, `%-10s`), `%%` included so that it can be skipped. */
const PERCENT = /%(\([^)]*\))?[-#0 +]*(\*|\d+)?(\.(\*|\d+))?[hlL]?([a-zA-Z%])/g;

export function formattedRows(django: DjangoFacts): FormattedRow[] {
  const out: FormattedRow[] = [];
  const add = (object: SyntaxNode | null | undefined, site: SyntaxNode): void => {
    if (object?.type === "identifier" && !inLoggingOrRaise(site)) out.push({ object, site });
  };
  for (const call of django.nodesOfType("call")) {
    const args = call.childForFieldName("arguments");
    const named = args?.namedChildren.filter((c) => c.type !== "comment") ?? [];
    if (named.length === 1 && builtinCallArg(call, STR)) add(named[0], call);
    else if (calleeName(call) === "format") {
      const template = call.childForFieldName("function")?.childForFieldName("object");
      const text = template ? stringValue(template) : undefined;
      // `{!r}` calls repr, `{:>10}` a format spec the model's __format__ may not accept: only plain fields.
      if (text === undefined || /\{[^{}]*[!:][^{}]*\}/.test(text)) continue;
      for (const arg of named) add(arg, call);
    }
  }
  for (const part of django.nodesOfType("interpolation")) {
    if (part.childForFieldName("format_specifier")) continue;
    const conversion = part.childForFieldName("type_conversion")?.text;
    if (conversion !== undefined && conversion !== "!s") continue;
    add(part.childForFieldName("expression"), part);
  }
  for (const op of django.nodesOfType("binary_operator")) {
    if (op.childForFieldName("operator")?.text !== "%") continue;
    const left = op.childForFieldName("left");
    const text = left ? stringValue(left) : undefined;
    const right = op.childForFieldName("right");
    if (text === undefined || !right) continue;
    const conversions = [...text.matchAll(PERCENT)].filter((m) => m[5] !== "%");
    // A mapping (`%(name)s`) takes a dict, not the row.
    if (conversions.some((m) => m[1] !== undefined)) continue;
    const values = right.type === "tuple" ? right.namedChildren : [right];
    conversions.forEach((m, i) => {
      if (m[5] === "s") add(values[i], op);
    });
  }
  return out;
}

function inLoggingOrRaise(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "raise_statement") return true;
    if (n.type === "call" && n.childForFieldName("function")?.type === "attribute" && LOGGING.has(calleeName(n) ?? "")) return true;
    if (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition") return false;
  }
  return false;
}
