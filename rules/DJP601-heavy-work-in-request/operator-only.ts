/**
 * DJP601: views only the site's operators can call (superusers, staff, instance administrators): a
 * maintenance button that runs a command, a test mail, an update check, a demo import. The work is
 * still slow and still holds a web worker, but one operator presses the button now and then, so the
 * finding drops to info with the reason (tuning: DefectDojo's endpoint migration view, Tandoor's
 * plugin update, pretalx's test-mail and update-check views, tabbycat's demo loader).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { baseNames } from "../../src/analysis/django/classes.js";
import { classMembers, classOfMethod, decoratorsOf, isWithin, stringValue } from "../../src/analysis/django/syntax.js";
import { isAdminTreePath } from "../../src/analysis/code-kind.js";
import { EXITS } from "./response-flow.js";

/** `user.is_superuser` / `user.is_staff`: what an operator-only test reads. */
const OPERATOR_FLAG = /\.is_(superuser|staff|administrator)\b/;
/** Decorators that let only operators in. */
const OPERATOR_DECORATORS = /^(staff_member_required|superuser_required|admin_required|staff_required)$/;
/**
 * Mixins and permission classes named for operators (`SuperuserRequiredMixin`, `AdministratorMixin`,
 * DRF `IsAdminUser`, `IsSystemAdminOrAuditor`); not `IsAdminOrReadOnly`, which lets anyone read.
 */
const OPERATOR_CLASS = /Superuser|StaffRequired|StaffMember|StaffOnly|Administrator|AdminRequired|AdminOnly|^Is(System)?(Admin|Staff|Superuser)/;
const ANYONE_READS = /ReadOnly$/;
/** A `permission_required` naming an operator permission (`"person.administrator_user"`, `"auth.is_superuser"`). */
const OPERATOR_PERMISSION = /administrator|superuser|(^|[._])(staff|admin)([._]|$)/i;

/** Why only operators reach `call` in `fn`, or undefined when anyone may. */
export function operatorOnlyReason(django: DjangoFacts, call: SyntaxNode, fn: SyntaxNode | undefined): string | undefined {
  if (isAdminTreePath(django.file.path)) return "the view is in an admin module, used by staff now and then";
  if (!fn) return undefined;
  if (decoratorsOf(fn).some((d) => operatorDecorator(d))) return "only staff can call the view (its decorator checks `is_superuser` / `is_staff`)";
  if (guardedBefore(fn, call)) return "only staff get this far (the view exits unless `request.user.is_superuser` / `is_staff`)";
  const cls = classOfMethod(fn);
  return cls && operatorClass(cls) ? "only staff can call the view (its class requires an administrator or staff user)" : undefined;
}

function operatorDecorator(decorator: SyntaxNode): boolean {
  const expr = decorator.namedChildren[0];
  if (!expr) return false;
  const callee = expr.type === "call" ? expr.childForFieldName("function") : expr;
  const name = callee?.text.split(".").pop() ?? "";
  if (OPERATOR_DECORATORS.test(name)) return true;
  // `@user_passes_test(lambda u: u.is_superuser)`, `@permission_required("x.administrator")`.
  if (expr.type !== "call") return false;
  const args = expr.childForFieldName("arguments");
  if (name === "user_passes_test") return OPERATOR_FLAG.test(args?.text ?? "");
  if (name === "permission_required") return args?.namedChildren.some((a) => OPERATOR_PERMISSION.test(stringValue(a) ?? "")) ?? false;
  return false;
}

/** `if not request.user.is_superuser: raise PermissionDenied` (or return) before the call, in its function. */
function guardedBefore(fn: SyntaxNode, call: SyntaxNode): boolean {
  return fn.descendantsOfType("if_statement").some((stmt) => {
    if (stmt.endIndex > call.startIndex || isWithin(call, stmt)) return false;
    const condition = stmt.childForFieldName("condition");
    const body = stmt.childForFieldName("consequence");
    if (condition?.type !== "not_operator" || !OPERATOR_FLAG.test(condition.text) || /\bor\b/.test(condition.text)) return false;
    const last = body?.namedChildren[body.namedChildren.length - 1];
    return last !== undefined && EXITS.has(last.type);
  });
}

/** A class whose bases, `permission_classes`, `permission_required` or `test_func` admit only operators. */
function operatorClass(cls: SyntaxNode): boolean {
  const operatorName = (name: string): boolean => OPERATOR_CLASS.test(name) && !ANYONE_READS.test(name);
  if (baseNames(cls).some(operatorName)) return true;
  return classMembers(cls).some((member) => {
    if (member.type === "assignment") {
      const left = member.childForFieldName("left")?.text;
      const right = member.childForFieldName("right");
      if (!right) return false;
      if (left === "permission_classes") return right.namedChildren.some((c) => (c.type === "identifier" || c.type === "attribute") && operatorName(c.text.split(".").pop() ?? ""));
      if (left === "permission_required") {
        const values = right.type === "string" ? [right] : right.namedChildren;
        return values.length > 0 && values.every((v) => OPERATOR_PERMISSION.test(stringValue(v) ?? ""));
      }
      return false;
    }
    if (member.type === "function_definition" && member.childForFieldName("name")?.text === "test_func") {
      const returns = member.descendantsOfType("return_statement");
      return returns.length > 0 && returns.every((r) => OPERATOR_FLAG.test(r.text) && !/\bor\b/.test(r.text));
    }
    return false;
  });
}
