/**
 * Whether a serializer's `to_representation` override starts by rendering the object as DRF does
 * (`data = super().to_representation(instance)` / `return super().to_representation(instance)` as its
 * first statement): every declared readable field is then rendered for the row, whatever the override
 * adds or removes afterwards, so the relations those fields walk are still read (DJP306). Read on the tree.
 */
import type { SyntaxNode } from "../../parser.js";

/**
 * True when the first statement of the body (after a docstring) hands the method's own first
 * parameter, unchanged, to `super().to_representation` (or `super(Cls, self)`), assigned to a plain
 * name or returned. Anything before it (a branch, a rebinding, a change to `self.fields`) could change
 * what is rendered or skip the call, so the override is then not proven to render the fields.
 */
export function extendsSuperRepresentation(def: SyntaxNode): boolean {
  const params = def.childForFieldName("parameters")?.namedChildren.filter((p) => p.type !== "comment") ?? [];
  const instance = params[1];
  if (params.length !== 2 || instance?.type !== "identifier") return false;
  const statements = def.childForFieldName("body")?.namedChildren.filter((s) => s.type !== "comment") ?? [];
  const first = isDocstring(statements[0]) ? statements[1] : statements[0];
  if (!first) return false;
  let call: SyntaxNode | null | undefined;
  if (first.type === "return_statement") call = first.namedChildren[0];
  else if (first.type === "expression_statement" && first.namedChildren[0]?.type === "assignment") {
    const assign = first.namedChildren[0];
    if (assign.childForFieldName("left")?.type === "identifier") call = assign.childForFieldName("right");
  }
  return call?.type === "call" && isSuperRepresentation(call, instance.text);
}

function isDocstring(stmt: SyntaxNode | undefined): boolean {
  return stmt?.type === "expression_statement" && stmt.namedChildren.length === 1 && stmt.namedChildren[0]?.type === "string";
}

/** `super().to_representation(x)` / `super(Cls, self).to_representation(x)` with `x` the parameter itself. */
function isSuperRepresentation(call: SyntaxNode, param: string): boolean {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "to_representation") return false;
  const target = fn.childForFieldName("object");
  const callee = target?.type === "call" ? target.childForFieldName("function") : undefined;
  if (callee?.text !== "super") return false;
  return args.length === 1 && args[0]?.type === "identifier" && args[0].text === param;
}
