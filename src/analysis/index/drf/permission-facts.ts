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

/**
 * A project authentication class that admits a service client and never a user account (drf/build.ts
 * `serviceClientOf`): its `authenticate(self, request)` ends with a `return`, and every `return` hands DRF
 * `(AnonymousUser(), credentials)` with credentials that are not `None` (a verified signature, a client
 * record). A request it lets through is one holding the client's shared secret, not a user's session or
 * token; one it rejects raises. Returning `None` (DRF then tries the next class, or lets the request in
 * unauthenticated) or a user on any path proves nothing.
 */
export function serviceOnlyAuthentication(def: SyntaxNode): boolean {
  const params = def.childForFieldName("parameters")?.namedChildren ?? [];
  const body = def.childForFieldName("body");
  if (params.length !== 2 || !body || body.namedChildren.filter((s) => s.type !== "comment").at(-1)?.type !== "return_statement") return false;
  const returns = returnsOf(body);
  return returns.length > 0 && returns.every((r) => {
    const value = r.namedChildren[0] ? unwrapParens(r.namedChildren[0]) : undefined;
    const items = value?.type === "tuple" || value?.type === "expression_list" ? value.namedChildren.filter((c) => c.type !== "comment") : [];
    if (items.length !== 2 || !items[0] || !items[1]) return false;
    const [user, auth] = items;
    const callee = user.type === "call" ? user.childForFieldName("function") : undefined;
    const name = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee?.text;
    return name === "AnonymousUser" && (user.childForFieldName("arguments")?.namedChildren.length ?? 0) === 0 && auth.type !== "none";
  });
}
