/**
 * Slow work in a request that runs rarely, so that a web worker is held now and then rather than on
 * every request (rotation 7, judged TP-low at warn): only staff can reach it (an admin action or page,
 * a `staff_member_required` / superuser-only view, DRF `IsAdminUser`, a superuser check that leaves
 * the view first), it runs only while a table is still empty (first use), or it is a deliberate pause
 * of a second or less. Each answer is a reason for the message; DJP601 reports such work at info.
 * A staff page that runs a command named for a whole dataset (a reindex, an import, an export) stays
 * at warn: it runs as long as the data is large and can outlast the web server's timeout, however
 * rarely it is pressed; unless the page captures the command's output and shows it (rotation 8: a
 * superuser's course-migration page), which is the tool's purpose and no task could serve.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts, LoopInfo } from "../../src/analysis/django/types.js";
import type { SlowCall } from "../../src/analysis/django/slow-calls.js";
import { isWholeDatasetCommand } from "../../src/analysis/django/slow-calls.js";
import { isSmallLiteralLoop } from "../../src/analysis/django/bounded-loops.js";
import { attributeName, blockStatements, classBases, classMembers, classOfMethod, consequenceConditions, decoratorsOf, enclosingFunction, parameterNodes, unwrapParens } from "../../src/analysis/django/syntax.js";
import { codeSpan, shortSource } from "../../src/analysis/markdown-safe.js";
import { EXITS } from "./response-flow.js";

/** Decorators that let only staff or superusers in. */
const STAFF_DECORATOR = /\b(staff_member_required|superuser_required|staff_required|admin_required|superuser_only|staff_only|staff_user_required|superuser_member_required)\b/;
/** DRF and common packages' staff-only permission classes (as the DRF index reads them). */
const STAFF_PERMISSION = /^(\w+\.)*(IsAdminUser|IsSuperUser|IsSuperuser|IsStaff|IsStaffUser)$/;
/** Class-based-view mixins that let only staff or superusers in (django-braces and project ones). */
const STAFF_MIXIN = /^(\w+\.)*((Superuser|SuperUser|Staff|Staffuser|StaffMember|Administrator)(Required|Only)?|AdminRequired)Mixin$/;
/** Django's signature for admin actions. */
const ADMIN_ACTION_RECEIVERS = new Set(["modeladmin", "model_admin"]);
/** The user attributes only staff have true. */
const STAFF_FLAG = /^(\w+\.)*(is_superuser|is_staff)$/;
/** A pause this short (seconds) is a deliberate wait, not work. */
const SHORT_PAUSE = 1;

/** Why this slow call runs rarely, as a clause for the message ("only staff reach it (…)"), or undefined. */
export function rareReason(django: DjangoFacts, call: SyntaxNode, slow: SlowCall, fn: SyntaxNode | undefined): string | undefined {
  // `on_commit(lambda: task(pk))`: the author meant to queue it after commit and left out `.delay()`, an
  // evident slip however rarely staff reach it (rotation set 11: an admin's save_model).
  if (slow.kind === "celery-sync" && runsAfterCommit(call)) return undefined;
  if (slow.kind === "sleep") {
    const pause = shortPause(django, call, fn);
    if (pause) return pause;
  }
  const firstUse = firstUseBranch(django, call, fn);
  if (firstUse) return firstUse;
  const shown = slow.kind === "command" && showsCommandOutput(call, fn);
  if (slow.kind === "command" && isWholeDatasetCommand(call) && !shown) return undefined;
  for (let f = fn; f; f = enclosingFunction(f)) {
    const staff = staffOnly(f, call);
    if (staff) return `only staff reach it (${staff})${shown ? " and the page shows or returns the command's output" : ""}: a staff member waits, now and then`;
  }
  return undefined;
}

/** The call is the body of a lambda handed to `transaction.on_commit(...)`. */
function runsAfterCommit(call: SyntaxNode): boolean {
  const lambda = call.parent?.type === "lambda" ? call.parent : undefined;
  const outer = lambda?.parent?.type === "argument_list" ? lambda.parent.parent : undefined;
  const callee = outer?.type === "call" ? outer.childForFieldName("function") : undefined;
  return callee !== undefined && callee !== null && /(^|\.)on_commit$/.test(callee.text);
}

/**
 * `call_command(..., stdout=out)` with `out.getvalue()` read in the same function: the page exists to
 * show what the command printed (an operator's tool), which a queued task could not do.
 */
function showsCommandOutput(call: SyntaxNode, fn: SyntaxNode | undefined): boolean {
  if (!fn) return false;
  const buffers = (call.childForFieldName("arguments")?.namedChildren ?? []).flatMap((arg) => {
    const value = arg.type === "keyword_argument" && ["stdout", "stderr"].includes(arg.childForFieldName("name")?.text ?? "") ? arg.childForFieldName("value") : null;
    return value?.type === "identifier" ? [value.text] : [];
  });
  if (returnsResponseGiven(call, fn)) return true;
  if (buffers.length === 0) return false;
  return fn.descendantsOfType("call").some((c) => {
    const callee = c.childForFieldName("function");
    return callee?.type === "attribute" && attributeName(callee) === "getvalue" && buffers.includes(callee.childForFieldName("object")?.text ?? "");
  });
}

const RESPONSE_CLASSES = /(^|\.)(HttpResponse|StreamingHttpResponse|FileResponse)$/;

/**
 * `response = HttpResponse(...)`, `call_command("export", response=response, ...)`, `return response`:
 * the command writes the download into the response the view returns (rotation 12: open-zaak's
 * staff "save and export" button), so its output is what the page is for, like a captured stdout.
 */
function returnsResponseGiven(call: SyntaxNode, fn: SyntaxNode): boolean {
  const given = (call.childForFieldName("arguments")?.namedChildren ?? []).flatMap((arg) => {
    const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
    return value?.type === "identifier" ? [value.text] : [];
  });
  if (given.length === 0) return false;
  const responses = new Set<string>();
  for (const a of fn.descendantsOfType("assignment")) {
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type === "identifier" && right?.type === "call" && RESPONSE_CLASSES.test(right.childForFieldName("function")?.text ?? "")) responses.add(left.text);
  }
  return fn.descendantsOfType("return_statement").some((r) => {
    const value = r.namedChildren[0];
    return value?.type === "identifier" && responses.has(value.text) && given.includes(value.text);
  });
}

/** `time.sleep(1)` (a literal of a second or less) not repeated by a loop: a deliberate short wait. */
function shortPause(django: DjangoFacts, call: SyntaxNode, fn: SyntaxNode | undefined): string | undefined {
  const arg = call.childForFieldName("arguments")?.namedChildren[0];
  const seconds = arg && (arg.type === "integer" || arg.type === "float") ? Number(arg.text) : undefined;
  if (seconds === undefined || !(seconds <= SHORT_PAUSE)) return undefined;
  const repeated = django.enclosingLoops(call).some((loop: LoopInfo) => (!fn || loop.node.startIndex > fn.startIndex) && !isSmallLiteralLoop(loop));
  return repeated ? undefined : `it is a deliberate pause of ${arg!.text} s, once`;
}

/**
 * The call sits in a branch taken only while a table is empty: `if not Bucket.objects.exists():`,
 * `if Bucket.objects.count() == 0:`. It runs on the first use of an empty database, then never again.
 */
function firstUseBranch(django: DjangoFacts, call: SyntaxNode, fn: SyntaxNode | undefined): string | undefined {
  for (const condition of consequenceConditions(call, fn)) {
    const qs = emptyTableTest(django, condition);
    if (qs) return `it runs only while ${codeSpan(shortSource(qs.text))} is empty (${codeSpan(shortSource(condition.text))}): once, on first use`;
  }
  return undefined;
}

/** `not <qs>.exists()`, `not <qs>.count()`, `<qs>.count() == 0`: the queryset, when provable. */
function emptyTableTest(django: DjangoFacts, condition: SyntaxNode): SyntaxNode | undefined {
  const c = unwrapParens(condition);
  let probe: SyntaxNode | undefined;
  if (c.type === "not_operator") probe = c.childForFieldName("argument") ?? undefined;
  else if (c.type === "comparison_operator" && c.namedChildren.length === 2 && c.namedChildren[1]!.text === "0" && c.text.includes("==")) probe = c.namedChildren[0];
  const call = probe ? unwrapParens(probe) : undefined;
  const fn = call?.type === "call" ? call.childForFieldName("function") : undefined;
  if (fn?.type !== "attribute" || !["exists", "count"].includes(attributeName(fn) ?? "")) return undefined;
  const receiver = fn.childForFieldName("object");
  return receiver && django.querySetOf(receiver) ? receiver : undefined;
}

/** How the function is kept to staff, or undefined. */
function staffOnly(fn: SyntaxNode, call: SyntaxNode): string | undefined {
  const params = parameterNodes(fn).map((p) => p.name);
  if (params.length >= 3 && ADMIN_ACTION_RECEIVERS.has(params[0]!) && params[2] === "queryset") return "an admin action";
  const decorator = decoratorsOf(fn).find((d) => staffDecorator(d));
  if (decorator) return codeSpan(shortSource(decorator.text));
  const cls = classOfMethod(fn);
  const byClass = cls ? staffClass(cls) : undefined;
  if (byClass) return byClass;
  // A mixin's override of a hook only ModelAdmin calls (`response_post_save_change(self, request, obj)`).
  const hook = fn.childForFieldName("name")?.text ?? "";
  if (cls && MODEL_ADMIN_HOOKS.test(hook) && params[0] === "self" && params[1] === "request") return `${codeSpan(hook)}, a hook the admin calls, of ${codeSpan(cls.childForFieldName("name")?.text ?? "")}`;
  return staffGuard(fn, call);
}

/** ModelAdmin's own hooks: no other Django class calls methods of these names with a request. */
const MODEL_ADMIN_HOOKS = /^(response_(add|change|delete|post_save_add|post_save_change)|save_model|delete_model|save_related|save_formset|changeform_view|changelist_view)$/;

function staffDecorator(decorator: SyntaxNode): boolean {
  const text = decorator.text;
  if (STAFF_DECORATOR.test(text)) return true;
  // `@user_passes_test(lambda u: u.is_superuser)`, `@permission_classes([IsAdminUser])`
  if (/\buser_passes_test\s*\(/.test(text)) return decorator.descendantsOfType("lambda").some((l) => staffCondition(l.childForFieldName("body")));
  if (/\bpermission_classes\s*\(/.test(text)) return decorator.descendantsOfType(["identifier", "attribute"]).some((n) => STAFF_PERMISSION.test(n.text));
  return false;
}

/**
 * A Django admin class (a `*Admin` class based on an admin class: its pages and actions are behind the
 * admin's staff login), a view whose `permission_classes` include a staff-only class (DRF requires
 * every class to pass), a staff-only mixin, or `@method_decorator(staff_member_required, name=...)`.
 */
function staffClass(cls: SyntaxNode): string | undefined {
  const name = cls.childForFieldName("name")?.text ?? "";
  const bases = classBases(cls).map((b) => b.text);
  if (/Admin$/.test(name) && bases.some((b) => /(^|\.)\w*Admin$/.test(b))) return `a method of the admin class ${codeSpan(name)}`;
  const mixin = bases.find((b) => STAFF_MIXIN.test(b));
  if (mixin) return `the view uses ${codeSpan(mixin)}`;
  const decorator = decoratorsOf(cls).find((d) => staffDecorator(d));
  if (decorator) return codeSpan(shortSource(decorator.text));
  for (const member of classMembers(cls)) {
    if (member.type === "function_definition" && member.childForFieldName("name")?.text === "dispatch") {
      const guard = exitUnlessStaff(member, (statement) => statement.descendantsOfType("attribute").some((a) => attributeName(a) === "dispatch"));
      if (guard) return `the view's \`dispatch\` leaves first unless ${guard}`;
    }
    if (member.type !== "assignment" || member.childForFieldName("left")?.text !== "permission_classes") continue;
    const value = member.childForFieldName("right");
    const items = value && (value.type === "list" || value.type === "tuple") ? value.namedChildren : [];
    const staff = items.find((i) => STAFF_PERMISSION.test(i.text));
    if (staff) return `\`permission_classes\` includes ${codeSpan(staff.text)}`;
  }
  return undefined;
}

/**
 * A statement of the function's own body before the call that leaves unless the user is staff
 * (`if not request.user.is_superuser: raise PermissionDenied`), or an `if user.is_staff:` branch
 * around the call.
 */
function staffGuard(fn: SyntaxNode, call: SyntaxNode): string | undefined {
  const exit = exitUnlessStaff(fn, (statement) => statement.startIndex >= call.startIndex);
  if (exit) return `the view leaves first unless ${exit}`;
  const guard = consequenceConditions(call, fn).find((condition) => staffCondition(condition));
  if (guard) return `it runs under ${codeSpan(shortSource(guard.text))}`;
  return undefined;
}

/**
 * `if not request.user.is_superuser: raise Http404` among the function's own statements before
 * `stop` says the guarded code is reached (the call itself, or a view's `super().dispatch(...)`): the
 * staff condition, as a code span.
 */
function exitUnlessStaff(fn: SyntaxNode, stop: (statement: SyntaxNode) => boolean): string | undefined {
  for (const statement of blockStatements(fn.childForFieldName("body"))) {
    if (stop(statement)) break;
    if (statement.type !== "if_statement" || statement.childForFieldName("alternative")) continue;
    const condition = unwrapParens(statement.childForFieldName("condition") ?? statement);
    const statements = blockStatements(statement.childForFieldName("consequence"));
    const last = statements[statements.length - 1];
    if (condition.type !== "not_operator" || !last || !EXITS.has(last.type)) continue;
    if (staffCondition(condition.childForFieldName("argument"))) return codeSpan(shortSource(condition.childForFieldName("argument")!.text));
  }
  return undefined;
}

/** `u.is_superuser`, `request.user.is_staff`, or an `and` of conditions one of which is such. */
function staffCondition(node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  const n = unwrapParens(node);
  if (n.type === "attribute") return STAFF_FLAG.test(n.text);
  if (n.type === "boolean_operator" && n.childForFieldName("operator")?.text === "and") {
    return staffCondition(n.childForFieldName("left")) || staffCondition(n.childForFieldName("right"));
  }
  return false;
}
