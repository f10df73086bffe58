/**
 * A project permission class that lets only staff through (drf/build.ts `boundOfView`): its
 * `has_permission(self, request, view)` returns, on every path, a staff flag of the requesting user
 * (`request.user.is_staff`, `request.user.operator.is_manager`), possibly `and`-ed with other tests
 * (`request.user.is_authenticated and request.user.is_superuser`). Like DRF's `IsAdminUser`, a view
 * behind it is called by a few people.
 */
import type { SyntaxNode } from "../../parser.js";
import { unwrapParens } from "../../django/syntax.js";
import { returnsOf } from "../returned-chains.js";

/** The user's flags that mark staff: Django's own, and the usual manager / admin roles. */
const STAFF_FLAG = /^(is_staff|is_superuser|is_admin|is_manager)$/;

/** The flag `has_permission` requires (`request.user.operator.is_manager`), or undefined. */
export function staffOnlyCheck(def: SyntaxNode): string | undefined {
  const params = def.childForFieldName("parameters")?.namedChildren ?? [];
  const request = params[1]?.type === "identifier" ? params[1].text : undefined;
  const body = def.childForFieldName("body");
  if (!request || !body) return undefined;
  const returns = returnsOf(body);
  const flags = returns.map((r) => (r.namedChildren[0] ? requiredFlag(r.namedChildren[0], request) : undefined));
  return returns.length > 0 && flags.every((f) => f !== undefined) ? flags[0] : undefined;
}

/** `request.user….is_staff`, or an `and` one of whose sides is: the flag read. */
function requiredFlag(node: SyntaxNode, request: string): string | undefined {
  const value = unwrapParens(node);
  if (value.type === "boolean_operator") {
    if (value.childForFieldName("operator")?.text !== "and") return undefined;
    const left = value.childForFieldName("left");
    const right = value.childForFieldName("right");
    return (left ? requiredFlag(left, request) : undefined) ?? (right ? requiredFlag(right, request) : undefined);
  }
  if (value.type !== "attribute" || !STAFF_FLAG.test(value.childForFieldName("attribute")?.text ?? "")) return undefined;
  const text = value.text.replace(/\s/g, "");
  return text.startsWith(`${request}.user.`) ? text : undefined;
}
