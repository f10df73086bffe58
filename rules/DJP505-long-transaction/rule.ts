/**
 * DJP505 long-transaction: a `transaction.atomic()` block (or `@transaction.atomic` function) that
 * (a) in a job (management command, Celery task, ETL module) wraps a loop writing rows for every item
 * of an unbounded input, or (b) anywhere, waits on slow I/O (remote HTTP, mail, sleep, subprocess,
 * a Celery result) while the transaction is open.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo, QuerySetInfo } from "../../src/analysis/django/types.js";
import type { RuleContext } from "../../src/analysis/rule.js";
import { defineRule } from "../../src/analysis/rule.js";
import { HAND_WRITTEN_LIMIT, isSmallLiteralLoop, isSteppedRangeLoop } from "../../src/analysis/django/bounded-loops.js";
import { atomicBlocks, perIterationWrite, runsInside, type AtomicBlock, type DbWrite } from "../../src/analysis/django/transactions.js";
import { lastAssignedValue, slowCallOf, type SlowCallKind } from "../../src/analysis/django/slow-calls.js";
import { attributeName, calleeName, classOfMethod, enclosingFunction, isWithin, keywordArg, parameterNodes, stringValue, unwrapParens } from "../../src/analysis/django/syntax.js";
import { codeSpan, shortSource } from "../../src/analysis/markdown-safe.js";
import { isCommandPath } from "../../src/analysis/code-kind.js";
import { handRunReason } from "../../src/analysis/django/command-schedule.js";
import { insertsOnly } from "./lock-footprint.js";
import { waitsBeforeFirstQuery } from "./before-first-query.js";
import { retiresUnseen, tailStep } from "./tail-step.js";

/** Kinds of slow work that keep a transaction open while waiting on something outside the database. */
const WAITING_KINDS = new Set<SlowCallKind>(["http", "mail", "sleep", "subprocess", "celery-wait"]);

/** Helpers that hand out an input in batches: a transaction per batch is the recommended shape. */
const BATCHING_CALLS = new Set(["islice", "chunked", "batched", "chunks", "grouper", "batch_qs", "queryset_in_batches", "queryset_iterator"]);

export default defineRule({
  id: "DJP505",
  name: "long-transaction",
  category: "bulk",
  status: "preview",
  level: "warn",
  confidence: "medium",
  fix: "never",
  target: "python",
  reportsApplicability: true,
  summary: "One transaction held open across a whole import loop, or while waiting on remote calls, mail or sleeps.",
  messages: {
    loop:
      "This transaction stays open while the loop over {{iterable}} (line {{loopLine}}) writes for every item ({{write}}): row locks and a database connection are held until the last item, other writers wait on them, and a failure at the end rolls back all the work. Commit per batch instead: 1. walk the input in batches (`for i in range(0, len(rows), 500)` or `itertools.islice`); 2. open `transaction.atomic()` inside the batch loop; 3. make a re-run skip what was committed. Intended (all-or-nothing)? `# djperf: ignore[DJP505] <reason>`.",
    loopCoupled:
      "This transaction stays open while the loop over {{iterable}} (line {{loopLine}}) writes for every item ({{write}}), and then {{step}} (line {{stepLine}}) before it commits: the rows commit or roll back with that step, which is what the single transaction is for (per-batch commits would keep rows for a step that failed, or let a rerun count them twice). Its cost is a transaction, and its row locks, held across the whole loop: when the input can grow, shorten it rather than split it (read and compute before `transaction.atomic()`, write with `bulk_create` / `bulk_update`). Intended? `# djperf: ignore[DJP505] <reason>`.",
    loopMirror:
      "This transaction stays open while the loop over {{iterable}} (line {{loopLine}}) writes for every item ({{write}}), and it {{step}} (line {{stepLine}}): the transaction mirrors its input into the table, so readers see the old rows or the new ones and a failed run deletes nothing the input still lists. That is what the single transaction is for; committing per batch would break it. Its cost is row locks held across the whole loop: when the input can grow, shorten the transaction rather than split it (fetch and parse before `transaction.atomic()`, write with `bulk_create(..., update_conflicts=True)` / `bulk_update`, retire the missing rows in one statement). Intended? `# djperf: ignore[DJP505] <reason>`.",
    loopByHand:
      "This transaction stays open while the loop over {{iterable}} (line {{loopLine}}) writes for every item ({{write}}): row locks and a database connection are held until the last item, and other writers wait on them. All-or-nothing is what a hand-run fix wants, so keep the one transaction; when a run can take long, run it when few users write, or split the input across runs (each its own transaction) rather than committing part of one run. Intended? `# djperf: ignore[DJP505] <reason>`.",
    waits:
      "{{call}} {{what}} inside a transaction (opened at line {{atomicLine}}): the transaction, its row locks and its database connection stay open for as long as the other side takes{{repeat}}. Do it before the transaction, or after commit with `transaction.on_commit(...)`. Intended? `# djperf: ignore[DJP505] <reason>`.",
  },
  check(ctx) {
    const blocks = atomicBlocks(ctx.django);
    if (blocks.length === 0) return;
    ctx.applies();
    const reportedCalls = new Set<number>();
    const reportedLoops = new Set<number>();
    for (const block of blocks) {
      reportWaits(ctx, block, reportedCalls, blocks);
      reportLoop(ctx, block, reportedLoops);
    }
  },
});

function reportWaits(ctx: RuleContext, block: AtomicBlock, reported: Set<number>, blocks: readonly AtomicBlock[]): void {
  for (const call of ctx.django.nodesOfType("call")) {
    if (call.startIndex < block.body.startIndex) continue;
    if (call.startIndex >= block.body.endIndex) break;
    if (reported.has(call.id) || !runsInside(block, call)) continue;
    const slow = slowCallOf(ctx.django, call);
    if (!slow || !WAITING_KINDS.has(slow.kind)) continue;
    reported.add(call.id);
    // No query yet: the driver has not begun the transaction, so nothing is held while it waits.
    if (waitsBeforeFirstQuery(block, call, blocks)) continue;
    const inLoop = ctx.django.enclosingLoops(call).some((loop) => isWithin(loop.node, block.body) && !isSmallLiteralLoop(loop));
    const byHand = handRunReason(ctx.index, ctx.file, ctx.django);
    ctx.report({
      node: call,
      causes: [block.opener],
      ...(byHand ? { impact: { level: "low" as const, reason: byHand } } : {}),
      messageId: "waits",
      data: {
        call: codeSpan(shortSource(call.text)),
        what: slow.what,
        atomicLine: block.opener.startPosition.row + 1,
        repeat: inLoop ? ", once per item of the loop" : "",
      },
    });
  }
}

/** (a): only in jobs, where the input is a file, a table or a list of unbounded length. */
function reportLoop(ctx: RuleContext, block: AtomicBlock, reported: Set<number>): void {
  const context = ctx.django.contextOf(block.opener);
  if (!context.etl || context.request) return;
  // A transaction opened once per iteration of an outer loop is the batching the rulebook recommends.
  if (ctx.django.enclosingLoops(block.node).length > 0 || calledOnlyInLoops(ctx, block.node)) return;
  const handWritten: LoopInfo[] = [];
  for (const loop of ctx.django.loops()) {
    if (loop.kind === "comprehension" || !isWithin(loop.node, block.body) || !runsInside(block, loop.node)) continue;
    if (reported.has(loop.node.id)) continue;
    if (loop.kind === "for" && isSmallLiteralLoop(loop, HAND_WRITTEN_LIMIT)) handWritten.push(loop);
    if (isBounded(ctx, loop) || matchesOuterItem(ctx, loop, handWritten)) continue;
    const write = perIterationWrite(ctx.django, loop);
    if (!write) continue;
    reported.add(loop.node.id);
    // Nested loops inside this one belong to the same finding.
    for (const inner of ctx.django.loops()) if (isWithin(inner.node, loop.node)) reported.add(inner.node.id);
    const data = {
      iterable: codeSpan(shortSource(loop.iterable?.text ?? "the input")),
      loopLine: loop.node.startPosition.row + 1,
      write: write.via ? `${codeSpan(write.via)}, which calls ${codeSpan(write.label)}` : codeSpan(write.label),
    };
    const base = { node: block.opener, scope: block.opener, causes: loop.iterable ? [loop.iterable] : [] };
    // The transaction replaces the table's rows with its input: all-or-nothing is the design.
    const mirror = retiresUnseen(ctx.django, block, loop);
    if (mirror) {
      const reason = "the transaction mirrors its input into the table and retires the rows the input no longer lists: all-or-nothing is its design";
      ctx.report({ ...base, impact: { level: "low", reason }, messageId: "loopMirror", data: { ...data, step: mirror.what, stepLine: mirror.line } });
      return;
    }
    // The rows commit with a step after the loop: all-or-nothing is the design, no batching advice.
    const step = tailStep(ctx.django, block, loop);
    if (step) {
      const reason = "the rows are meant to commit with the step after the loop";
      ctx.report({ ...base, impact: { level: "low", reason }, messageId: "loopCoupled", data: { ...data, step: step.what, stepLine: step.line } });
      return;
    }
    const low = lowImpact(ctx, block, loop, write);
    ctx.report({
      ...base,
      ...(low ? { impact: { level: "low" as const, reason: low.reason } } : {}),
      messageId: low?.byHand ? "loopByHand" : "loop",
      data,
    });
    return;
  }
}

/**
 * Why the long transaction costs others little: a hand-run data fix or command (`byHand`: its message
 * keeps the one transaction, rotation set 13), or inserts of new rows only.
 */
function lowImpact(ctx: RuleContext, block: AtomicBlock, loop: LoopInfo, write: DbWrite): { reason: string; byHand?: true } | undefined {
  const handFix = dataFixSwitch(ctx);
  if (handFix) return { byHand: true, reason: `the command is a one-off fix of the database's own rows, run by hand behind a dry-run switch (\`options["${handFix}"]\`): all-or-nothing is its design` };
  const byHand = handRunReason(ctx.index, ctx.file, ctx.django);
  if (byHand) return { byHand: true, reason: `${byHand}, and all-or-nothing may be its design` };
  const inserted = insertsOnly(ctx.django, block, loop, write);
  if (!inserted) return undefined;
  const models = inserted.slice(0, 3).map((m) => codeSpan(m)).join(", ");
  return { reason: `the loop generates its rows (\`range(...)\`) and until it ends the transaction only inserts them (${models}): new rows no other session sees or waits on before commit, so it holds a connection open and rolls back all or nothing, but locks nothing others need` };
}

/**
 * The function that opens the transaction is called, in this file, only from inside loops
 * (`for ixlan in ixlans: self.reparent(ixlan)`, or a comprehension `[load_course(c) for c in
 * courses]`, rotation set 10): one transaction per item, the batching the rulebook recommends, one
 * level up.
 */
function calledOnlyInLoops(ctx: RuleContext, node: SyntaxNode): boolean {
  const fn = node.type === "function_definition" ? node : enclosingFunction(node);
  const name = fn?.childForFieldName("name")?.text;
  if (!fn || !name) return false;
  const calls = ctx.django.nodesOfType("call").filter((call) => {
    const callee = call.childForFieldName("function");
    if (callee?.type === "identifier") return callee.text === name;
    return callee?.type === "attribute" && attributeName(callee) === name && /^(self|cls)$/.test(callee.childForFieldName("object")?.text ?? "");
  });
  return calls.length > 0 && calls.every((call) => !isWithin(call, fn) && ctx.django.enclosingLoops(call).length > 0);
}

/** Inputs of a known small size, batches, single parents' children, and rows locked on purpose. */
function isBounded(ctx: RuleContext, loop: LoopInfo): boolean {
  if (loop.kind === "while") return false;
  // A literal collection (also one named by a constant never filled) is as long as what was typed.
  if (!loop.iterable || isSmallLiteralLoop(loop, HAND_WRITTEN_LIMIT) || isSteppedRangeLoop(loop)) return true;
  const iterable = unwrapParens(loop.iterable);
  if (isSliceOrBatch(iterable)) return true;
  if (iterable.type === "identifier" && assignedFromSlice(ctx, iterable)) return true;
  const qs = ctx.django.querySetOf(iterable);
  if (qs) {
    if (qs.sliced || qs.root === "related-manager" || filteredByOneParent(qs)) return true;
    // select_for_update() needs the transaction: the lock is the point.
    if (qs.calls.some((c) => c.name === "select_for_update")) return true;
    if (staffOnly(qs)) return true;
  }
  return staffHelper(ctx, iterable) || commandLineValues(ctx, iterable, 0);
}

/**
 * A queryset loop inside a loop over a hand-written list, filtered by values taken from the outer
 * item (`for row in csv.DictReader(DATA.splitlines()): ... for party in Party.objects.filter(
 * party_id__in=ids_of(row["id"]))`): the rows that match each typed item, looked up per item, not a
 * table walked whole (rotation set 11: a 27-row CSV typed in the module).
 */
function matchesOuterItem(ctx: RuleContext, loop: LoopInfo, handWritten: readonly LoopInfo[]): boolean {
  const outer = handWritten.filter((o) => o !== loop && isWithin(loop.node, o.node));
  if (outer.length === 0 || !loop.iterable) return false;
  const qs = ctx.django.querySetOf(unwrapParens(loop.iterable));
  if (!qs || qs.root !== "manager") return false;
  const names = new Set(outer.flatMap((o) => o.targets.map((t) => t.name)));
  const filters = qs.calls.filter((c) => c.name === "filter");
  return filters.length > 0 && filters.some((c) => c.args.namedChildren.some((arg) => {
    const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : null;
    return value !== null && derivedFrom(ctx, value, names, 0);
  }));
}

/** The expression is computed from one of `names` (directly, or through names assigned from them). */
function derivedFrom(ctx: RuleContext, node: SyntaxNode, names: ReadonlySet<string>, depth: number): boolean {
  if (depth > 4) return false;
  const ids = node.type === "identifier" ? [node] : node.descendantsOfType("identifier");
  return ids.some((id) => {
    if (names.has(id.text)) return true;
    // `x.attr` and keyword names are not variables of their own.
    if (id.parent?.type === "attribute" && id.parent.childForFieldName("attribute")?.id === id.id) return false;
    const value = lastAssignedValue(ctx.django, id);
    return value !== undefined && derivedFrom(ctx, value, names, depth + 1);
  });
}

/** Helpers named for the site's (or one customer's) staff: `User.admins()`, `get_superusers()`, `_get_admin_users_for_enterprise(uuid)`. */
const STAFF_HELPER = /^_?(get_)?(site_)?(admins|administrators|superusers|staff|staff_users|admin_users|moderators)(_for_[a-z_]+)?$/;

/** `User.admins()`, or a name last assigned one (`admins = User.admins()`), in another module. */
function staffHelper(ctx: RuleContext, node: SyntaxNode): boolean {
  const value = node.type === "identifier" ? lastAssignedValue(ctx.django, node) : node;
  const call = value ? unwrapParens(value) : undefined;
  return call?.type === "call" && STAFF_HELPER.test(calleeName(call) ?? "");
}

/** `User.objects.filter(is_superuser=True)`, `Q(is_staff=True) | Q(...)`: the site's staff, a handful of rows. */
function staffOnly(qs: QuerySetInfo): boolean {
  return qs.calls.some((c) => c.name === "filter" && /\bis_(staff|superuser)\s*=\s*True\b/.test(c.args.text));
}

/** Command-line options that name an input (a file, a URL, a folder) rather than hold the values. */
const INPUT_OPTION = /file|path|csv|json|xlsx?|url|dir|input|source|dump/i;

/**
 * Values typed on the command line: `options["names"]`, `options.get("ids")`, `set(...)` / `list(...)`
 * / `sorted(...)` / `dict.fromkeys(...)` of them, a comprehension over them, the left side of a set
 * difference or intersection, or a name last assigned one of those. An operator types a handful of them, not an input that grows.
 */
function commandLineValues(ctx: RuleContext, node: SyntaxNode, depth: number): boolean {
  const n = unwrapParens(node);
  if (depth > 6) return false;
  if (n.type === "subscript" || n.type === "call") {
    const key = optionsKey(n);
    if (key !== undefined) return !INPUT_OPTION.test(key);
  }
  if (n.type === "call") {
    const fn = n.childForFieldName("function");
    // `uuidkeys.split(",")`: the pieces of a string typed on the command line.
    if (fn?.type === "attribute" && attributeName(fn) === "split") {
      const object = fn.childForFieldName("object");
      return object !== null && commandLineValues(ctx, object, depth + 1);
    }
    const first = n.childForFieldName("arguments")?.namedChildren[0];
    const preserving = SIZE_PRESERVING.has(calleeName(n) ?? "") || fn?.text === "dict.fromkeys";
    if (preserving) return first !== undefined && commandLineValues(ctx, first, depth + 1);
    // `self.parse_groups(groups)`: a helper of this file that only reshapes the typed values it is given.
    return first !== undefined && reshapesItsArgument(ctx, n) && commandLineValues(ctx, first, depth + 1);
  }
  // `[users[name] for name in names]`: as many items as what the comprehension walks.
  if (n.type === "list_comprehension" || n.type === "set_comprehension" || n.type === "generator_expression") {
    const walked = n.namedChildren.find((c) => c.type === "for_in_clause")?.childForFieldName("right");
    return walked !== undefined && walked !== null && commandLineValues(ctx, walked, depth + 1);
  }
  if (n.type === "binary_operator") {
    const op = n.childForFieldName("operator")?.text;
    const left = n.childForFieldName("left");
    return (op === "-" || op === "&") && left !== null && commandLineValues(ctx, left, depth + 1);
  }
  if (n.type !== "identifier") return false;
  const value = lastAssignedValue(ctx.django, n);
  if (value !== undefined) return commandLineValues(ctx, value, depth + 1);
  return handleParameter(ctx, n);
}

/**
 * A parameter of a management command's `handle` that the command declares as an argument
 * (`parser.add_argument("--group", dest="groups", ...)` → `def handle(self, org_key, groups, ...)`):
 * argparse hands the typed values to `handle` by their dest (registrar's `create_organization
 * --group ...`, a role or two). Not `*args` / `**options` themselves, and not an option named for an
 * input (`--file`, `--path`).
 */
function handleParameter(ctx: RuleContext, id: SyntaxNode): boolean {
  if (!isCommandPath(ctx.file.path) || INPUT_OPTION.test(id.text)) return false;
  const fn = enclosingFunction(id);
  if (!fn || fn.childForFieldName("name")?.text !== "handle" || !classOfMethod(fn)) return false;
  const param = parameterNodes(fn).find((p) => p.name === id.text);
  if (!param || param.name === "self" || (param.node.type !== "identifier" && param.node.type !== "default_parameter" && param.node.type !== "typed_parameter" && param.node.type !== "typed_default_parameter")) return false;
  return declaredArguments(ctx).has(id.text);
}

/** The dests of the file's `add_argument(...)` calls: `dest="groups"`, or the name (`"org_key"`, `"--dry-run"` → `dry_run`). */
function declaredArguments(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const call of ctx.django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute" || attributeName(fn) !== "add_argument") continue;
    const args = call.childForFieldName("arguments");
    const dest = args ? keywordArg(args, "dest") : undefined;
    const destText = dest ? stringValue(dest) : undefined;
    if (destText) {
      out.add(destText);
      continue;
    }
    const names = (args?.namedChildren ?? []).filter((a) => a.type === "string").map((a) => stringValue(a) ?? "");
    const long = names.find((name) => name.startsWith("--")) ?? names.find((name) => !name.startsWith("-"));
    if (long) out.add(long.replace(/^-+/, "").replace(/-/g, "_"));
  }
  return out;
}

/**
 * The call runs a function of this file (`parse_uuidkeys(v)`, or `self.parse_groups(v)`: a method of the
 * same class) of one parameter that only reshapes it: every loop in it walks that parameter (or its
 * `.split(...)` pieces), and what it returns is a list it fills in those loops or a comprehension over
 * the parameter. It returns at most as many items as it was given (a parser of typed values).
 */
function reshapesItsArgument(ctx: RuleContext, call: SyntaxNode): boolean {
  const callee = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  if (args.length !== 1 || args[0]!.type === "keyword_argument" || !callee) return false;
  const onSelf = callee.type === "attribute" && callee.childForFieldName("object")?.text === "self";
  if (callee.type !== "identifier" && !onSelf) return false;
  const name = callee.type === "identifier" ? callee.text : attributeName(callee);
  const caller = enclosingFunction(call);
  const holder = onSelf && caller ? classOfMethod(caller) : undefined;
  if (onSelf && !holder) return false;
  const defs = ctx.django.nodesOfType("function_definition").filter((d) => {
    if (d.childForFieldName("name")?.text !== name) return false;
    return onSelf ? classOfMethod(d)?.id === holder!.id : !classOfMethod(d) && !enclosingFunction(d);
  });
  if (defs.length !== 1) return false;
  const def = defs[0]!;
  const params = parameterNodes(def).filter((p) => !(onSelf && p.name === "self"));
  if (params.length !== 1 || params[0]!.node.type !== "identifier") return false;
  const param = params[0]!.name;
  const walksParam = (iterable: SyntaxNode | null): boolean => {
    if (!iterable) return false;
    const it = unwrapParens(iterable);
    if (it.type === "identifier") return it.text === param;
    const fn = it.type === "call" ? it.childForFieldName("function") : null;
    return fn?.type === "attribute" && attributeName(fn) === "split" && fn.childForFieldName("object")?.text === param;
  };
  if (def.descendantsOfType("while_statement").length > 0) return false;
  const loops = def.descendantsOfType("for_statement");
  if (!loops.every((loop) => walksParam(loop.childForFieldName("right")))) return false;
  const returns = def.descendantsOfType("return_statement");
  if (returns.length === 0) return false;
  return returns.every((ret) => {
    const value = ret.namedChildren[0] ? unwrapParens(ret.namedChildren[0]) : undefined;
    if (!value) return false;
    if (value.type === "list_comprehension" || value.type === "set_comprehension" || value.type === "generator_expression") {
      return walksParam(value.namedChildren.find((c) => c.type === "for_in_clause")?.childForFieldName("right") ?? null);
    }
    if (value.type !== "identifier" || loops.length === 0) return false;
    // `result = []` in the function, filled only by `result.append(...)` inside its loops.
    const made = def.descendantsOfType("assignment").some((a) => a.childForFieldName("left")?.text === value.text && /^(\[\]|list\(\))$/.test(a.childForFieldName("right")?.text ?? ""));
    // One item per `append`: `extend` or `+=` could add any number.
    const onlyAppends = def.descendantsOfType("call").every((c) => {
      const fn = c.childForFieldName("function");
      return fn?.type !== "attribute" || fn.childForFieldName("object")?.text !== value.text || attributeName(fn) === "append";
    }) && !def.descendantsOfType("augmented_assignment").some((a) => a.childForFieldName("left")?.text === value.text);
    return made && onlyAppends;
  });
}

const SIZE_PRESERVING = new Set(["set", "list", "sorted", "tuple", "frozenset", "reversed", "enumerate"]);

/** Options that make a command a dry run unless the operator confirms (`--commit`, `--dry-run`, `--no-dry-run`). */
const DRY_RUN_OPTION = /^(commit|dry_?run|noop|pretend|apply|execute|confirm)$/;
/**
 * Flags that switch the writes on (`--create`, `--delete`, `--fix`): a dry run unless given, when the
 * command declares them as on/off flags (`action="store_true"`).
 */
const APPLY_FLAG = /^(create|write|save|fix|delete|update|persist|really|live|doit|do_it|for_real|wet_run)$/;

/**
 * A management command that reads a dry-run switch (`options["commit"]`, `options.get("dry_run")`,
 * `options["dry-run"]`, `not options["no_dry_run"]`, or an apply flag such as `--create`) and no input
 * option (file, path, URL…): a data fix an operator previews, then runs once over rows the database
 * already holds. Its single transaction is what makes a failed run leave nothing half done; the loop
 * is still reported, at info. An import of a file behind `--dry-run` keeps its level.
 * Returns the switch's key.
 */
function dataFixSwitch(ctx: RuleContext): string | undefined {
  if (!isCommandPath(ctx.file.path)) return undefined;
  const keys = [...ctx.django.nodesOfType("subscript"), ...ctx.django.nodesOfType("call")].flatMap((n) => optionsKey(n) ?? []);
  if (keys.some((key) => INPUT_OPTION.test(key))) return undefined;
  const flags = onOffFlags(ctx);
  return keys.find((key) => {
    const normal = switchName(key);
    return DRY_RUN_OPTION.test(normal) || (APPLY_FLAG.test(normal) && flags.has(switchName(key)));
  });
}

/** `dry-run` → `dry_run`, `no_dry_run` → `dry_run` (the inverse switch names the same choice). */
function switchName(key: string): string {
  return key.replace(/-/g, "_").replace(/^no_/, "");
}

/** Options the command declares as on/off flags: `parser.add_argument("--create", action="store_true")` (by dest, normalised). */
function onOffFlags(ctx: RuleContext): Set<string> {
  const flags = new Set<string>();
  for (const call of ctx.django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute" || attributeName(fn) !== "add_argument") continue;
    const args = call.childForFieldName("arguments");
    const action = args?.namedChildren.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "action")?.childForFieldName("value");
    const actionText = action ? stringValue(action) : undefined;
    if (actionText !== "store_true" && actionText !== "store_false") continue;
    const dest = args?.namedChildren.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "dest")?.childForFieldName("value");
    const names = dest ? [stringValue(dest)] : (args?.namedChildren ?? []).map((a) => stringValue(a)).filter((n) => n?.startsWith("--"));
    for (const name of names) if (name) flags.add(switchName(name.replace(/^-+/, "")));
  }
  return flags;
}

/** The key of `options["k"]` / `options.get("k", ...)`. */
function optionsKey(node: SyntaxNode): string | undefined {
  if (node.type === "subscript") {
    const value = node.childForFieldName("value");
    const key = node.childForFieldName("subscript");
    return value?.type === "identifier" && value.text === "options" && key ? stringValue(key) : undefined;
  }
  const fn = node.childForFieldName("function");
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "get" || fn.childForFieldName("object")?.text !== "options") return undefined;
  const key = node.childForFieldName("arguments")?.namedChildren[0];
  return key ? stringValue(key) : undefined;
}

/** `IXLan.objects.filter(ix=exchange)`: the children of one parent row, like a related manager. */
function filteredByOneParent(qs: QuerySetInfo): boolean {
  for (const call of qs.calls) {
    if (call.name !== "filter") continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument") continue;
      const name = (arg.childForFieldName("name")?.text ?? "").replace(/(__id|_id|__pk|__exact)$/, "");
      const field = qs.model.fields.get(name);
      if (field && (field.kind === "fk" || field.kind === "o2o")) return true;
    }
  }
  return false;
}

function isSliceOrBatch(node: SyntaxNode): boolean {
  if (node.type === "subscript") return node.childForFieldName("subscript")?.type === "slice";
  if (node.type === "call") return BATCHING_CALLS.has(calleeName(node) ?? "");
  return false;
}

/** `batch = records[i:i + size]` earlier in the same function. */
function assignedFromSlice(ctx: RuleContext, id: SyntaxNode): boolean {
  let fn: SyntaxNode | null = id.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  for (const assignment of ctx.django.nodesOfType("assignment")) {
    if (assignment.startIndex >= id.startIndex) break;
    if (fn && !isWithin(assignment, fn)) continue;
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type === "identifier" && left.text === id.text && right && isSliceOrBatch(unwrapParens(right))) return true;
  }
  return false;
}
