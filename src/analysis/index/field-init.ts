/**
 * A project field class that fixes options of its Django base in `__init__`
 * (`super().__init__(max_length=…, unique=True, …)`): every field of that class has them, whatever the
 * model writes. The literal `True` / `False` keywords of that call, when it is a statement of the
 * method's own top level (not under an `if`).
 */
import type { SyntaxNode } from "../parser.js";

const LITERALS: ReadonlySet<string> = new Set(["true", "false"]);

export function superInitKwargs(def: SyntaxNode): Record<string, string> | undefined {
  for (const stmt of def.childForFieldName("body")?.namedChildren ?? []) {
    const call = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (call?.type !== "call" || !callsSuperInit(call)) continue;
    const out: Record<string, string> = {};
    for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
      const name = arg.type === "keyword_argument" ? arg.childForFieldName("name")?.text : undefined;
      const value = arg.childForFieldName("value");
      if (name && value && LITERALS.has(value.type)) out[name] = value.text;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return undefined;
}

/** `super().__init__(…)` or `super(Cls, self).__init__(…)`. */
function callsSuperInit(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "__init__") return false;
  const object = fn.childForFieldName("object");
  return object?.type === "call" && object.childForFieldName("function")?.text === "super";
}
