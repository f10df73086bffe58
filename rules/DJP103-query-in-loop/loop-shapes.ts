/**
 * Loop shapes where a query per iteration is the intended design (RULES.md DJP103 false positives):
 * search loops that stop at the first hit, and batch loops whose variable is itself a batch of keys.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { LoopInfo, QuerySetInfo } from "../../src/analysis/django/types.js";
import { referencedNames, referencedValues, statementOf, targetNames } from "../../src/analysis/django/loop-scope.js";
import { isSliced } from "../../src/analysis/django/rows.js";
import { isWithin, sameNode } from "../../src/analysis/django/syntax.js";

const LOOPS = new Set(["for_statement", "while_statement"]);
const SCOPES = new Set(["function_definition", "lambda", "class_definition"]);

/**
 * The query's answer decides, right away, whether the loop ends: `if <query>: break/return`, or
 * `x = <query>` directly followed by `if x…: break/return`, or `if <query>: continue` directly
 * followed by `return`/`break` (first miss wins). Such loops usually stop after a few iterations.
 */
export function exitsOnHit(loop: LoopInfo, query: SyntaxNode): boolean {
  const stmt = statementOf(query);
  if (!stmt || !loop.body.some((b) => isWithin(stmt, b))) return false;
  // Inside a nested loop, `break`/`continue` act on that loop; only `return` still ends this one.
  const nested = loopBetween(stmt, loop.node);
  const exits = nested ? ["return_statement"] : ["break_statement", "return_statement"];
  if (stmt.type === "if_statement" && conditionsOf(stmt).some((c) => isWithin(query, c))) {
    return branchesLeave(stmt, exits) || (!nested && branchesLeave(stmt, ["continue_statement"]) && leaves(nextStatement(stmt)));
  }
  const assign = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
  const left = assign?.type === "assignment" ? assign.childForFieldName("left") : null;
  const right = assign?.childForFieldName("right");
  if (!left || !right || !isWithin(query, right)) return false;
  const names = new Set(targetNames(left));
  const next = nextStatement(stmt);
  if (next?.type !== "if_statement") return false;
  const tests = conditionsOf(next).some((c) => [...referencedNames(c)].some((n) => names.has(n)));
  return tests && branchesLeave(next, exits);
}

function loopBetween(stmt: SyntaxNode, loopNode: SyntaxNode): boolean {
  for (let n = stmt.parent; n && !sameNode(n, loopNode); n = n.parent) if (LOOPS.has(n.type)) return true;
  return false;
}

function conditionsOf(ifStmt: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const first = ifStmt.childForFieldName("condition");
  if (first) out.push(first);
  for (const clause of ifStmt.namedChildren) {
    const c = clause.type === "elif_clause" ? clause.childForFieldName("condition") : null;
    if (c) out.push(c);
  }
  return out;
}

/** Some branch of the if holds one of `kinds` that acts on the enclosing loop (not a nested loop's break). */
function branchesLeave(ifStmt: SyntaxNode, kinds: string[]): boolean {
  for (const exit of ifStmt.descendantsOfType(kinds)) {
    let ownLoop = true;
    for (let n = exit.parent; n && !sameNode(n, ifStmt); n = n.parent) {
      if (SCOPES.has(n.type) || (exit.type !== "return_statement" && LOOPS.has(n.type))) ownLoop = false;
    }
    if (ownLoop) return true;
  }
  return false;
}

function leaves(stmt: SyntaxNode | undefined): boolean {
  return stmt?.type === "return_statement" || stmt?.type === "break_statement";
}

function nextStatement(stmt: SyntaxNode): SyntaxNode | undefined {
  for (let n = stmt.nextNamedSibling; n; n = n.nextNamedSibling) if (n.type !== "comment") return n;
  return undefined;
}

/** Calls that split an iterable into fixed-size chunks (itertools, more_itertools, Django and home-made helpers). */
const CHUNKERS = new Set(["batched", "chunked", "chunks", "chunker", "grouper", "ichunked", "sliced", "batch", "batches", "in_batches"]);
/** Builtins whose result holds the same items as their argument. */
const SAME_ITEMS = new Set(["list", "tuple", "set", "frozenset", "sorted"]);

/**
 * `filter(pk__in=batch)` where the loop walks batches of keys, one query per batch by design: the value
 * is the loop variable itself, a slice, something built by walking the loop variable as a collection
 * (`[x.pk for x in batch]`, `list(batch)`), or a name bound to such a value in the loop body. When the
 * loop walks a chunking call (`for chunk in batched(ids, 500)`), any value built from the chunk counts.
 */
export function isBatchLookup(args: SyntaxNode, loop: LoopInfo): boolean {
  const targets = new Set(loop.targets.map((t) => t.name));
  const chunked = isChunkingCall(loop.iterable);
  return args.namedChildren.some((a) => {
    if (a.type !== "keyword_argument") return false;
    const name = a.childForFieldName("name")?.text ?? "";
    const value = a.childForFieldName("value");
    if (!/__(in|range)$/.test(name) || !value) return false;
    return isBatchValue(value, loop, targets, chunked, 0);
  });
}

function isBatchValue(value: SyntaxNode, loop: LoopInfo, targets: ReadonlySet<string>, chunked: boolean, depth: number): boolean {
  if (depth > 3) return false;
  if (value.type === "identifier") {
    if (targets.has(value.text)) return true;
    const bound = boundInBody(loop, value);
    return !!bound && isBatchValue(bound, loop, targets, chunked, depth + 1);
  }
  if (value.type === "subscript") return value.childForFieldName("subscript")?.type === "slice";
  if (chunked) return [...referencedNames(value)].some((n) => targets.has(n));
  if (value.type === "list_comprehension" || value.type === "set_comprehension" || value.type === "generator_expression") {
    const walked = value.namedChildren.find((c) => c.type === "for_in_clause")?.childForFieldName("right");
    return walked?.type === "identifier" && targets.has(walked.text);
  }
  if (value.type === "call") {
    const fn = value.childForFieldName("function");
    const arg = value.childForFieldName("arguments")?.namedChildren.filter((c) => c.type !== "comment");
    return fn?.type === "identifier" && SAME_ITEMS.has(fn.text) && arg?.length === 1 && isBatchValue(arg[0]!, loop, targets, chunked, depth + 1);
  }
  return false;
}

/** The value of the one plain assignment to `id`'s name in the loop body before `id` (`keys = …`). */
function boundInBody(loop: LoopInfo, id: SyntaxNode): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  let count = 0;
  for (const part of loop.body) {
    for (const node of part.descendantsOfType(["assignment", "augmented_assignment", "named_expression"])) {
      const left = node.childForFieldName(node.type === "named_expression" ? "name" : "left");
      if (!left || !targetNames(left).includes(id.text)) continue;
      count++;
      if (node.type === "assignment" && left.type === "identifier" && node.endIndex <= id.startIndex) found = node.childForFieldName("right") ?? undefined;
    }
  }
  return count === 1 ? found : undefined;
}

function isChunkingCall(iterable: SyntaxNode | null): boolean {
  if (iterable?.type !== "call") return false;
  const fn = iterable.childForFieldName("function");
  const name = fn?.type === "identifier" ? fn.text : fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  return CHUNKERS.has(name ?? "");
}

/**
 * Keyset pagination: a sliced queryset whose range bound moves with the loop
 * (`filter(id__gt=last_id)[:1000]`, `last_id` set from the rows). One query per page by design.
 */
export function isSeekPage(qs: QuerySetInfo, inputs: SyntaxNode[], varying: ReadonlySet<string>): boolean {
  if (!isSliced(qs)) return false;
  return inputs.some((args) =>
    args.namedChildren.some((a) => {
      if (a.type !== "keyword_argument" || !/__(gt|gte|lt|lte)$/.test(a.childForFieldName("name")?.text ?? "")) return false;
      const value = a.childForFieldName("value");
      return !!value && [...referencedValues(value)].some((n) => varying.has(n));
    }),
  );
}

/** The query sits in an `except` clause inside the loop: it runs when an iteration fails, not per row. */
export function onlyOnError(loop: LoopInfo, query: SyntaxNode): boolean {
  for (let n = query.parent; n && !loop.body.some((b) => sameNode(b, n)); n = n.parent) {
    if (n.type === "except_clause") return true;
    if (SCOPES.has(n.type)) return false;
  }
  return false;
}

/**
 * `for key in mapping: if key == "labels": <query>`: the loop walks distinct keys (a dict, its keys or
 * items, a set), so a branch guarded by the key equal to a literal runs at most once.
 */
export function runsForOneKey(loop: LoopInfo, query: SyntaxNode): boolean {
  const it = loop.iterable;
  const distinct = it && (it.type === "dictionary" || it.type === "set" || (it.type === "call" && /\.(keys|items)$/.test(it.childForFieldName("function")?.text ?? "")));
  const key = loop.targets[0]?.name;
  if (!distinct || !key) return false;
  for (let n = query.parent; n && !loop.body.some((b) => sameNode(b, n)); n = n.parent) {
    const condition = n.type === "if_statement" || n.type === "elif_clause" ? n.childForFieldName("condition") : null;
    if (condition && isWithin(query, n) && !isWithin(query, condition) && comparesKeyWithLiteral(condition, key) && inFirstBranch(n, query)) return true;
  }
  return false;
}

function comparesKeyWithLiteral(condition: SyntaxNode, key: string): boolean {
  if (condition.type !== "comparison_operator" || condition.namedChildren.length !== 2) return false;
  const operator = condition.children.filter((c) => !c.isNamed).map((c) => c.type).join(" ");
  const [a, b] = condition.namedChildren;
  return operator === "==" && ((a?.text === key && b?.type === "string") || (b?.text === key && a?.type === "string"));
}

/** The query is in the branch the condition guards (the consequence), not in an elif/else after it. */
function inFirstBranch(ifOrElif: SyntaxNode, query: SyntaxNode): boolean {
  const body = ifOrElif.childForFieldName("consequence");
  return !!body && isWithin(query, body);
}
