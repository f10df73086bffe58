/**
 * Where a file opens database transactions (`with transaction.atomic():`, `@transaction.atomic`) and
 * what a block of code writes, for the rules about long transactions (DJP505) and batching.
 */
import type { SyntaxNode } from "../parser.js";
import type { DjangoFacts, LoopInfo } from "./types.js";
import { methodCallOf } from "./evaluation.js";
import { perIterationNodes } from "./loop-scope.js";
import { SCOPE_TYPES, attributeName, classOfMethod, decoratorTarget, decoratorsOf, isWithin, unwrapParens } from "./syntax.js";

export interface AtomicBlock {
  /** The `with` statement, or the decorated function. */
  node: SyntaxNode;
  /** What opens the transaction: the `atomic(...)` call of the `with`, or the decorator. */
  opener: SyntaxNode;
  /** The statements that run inside the transaction. */
  body: SyntaxNode;
  kind: "with" | "decorator";
}

const ATOMIC = new Set(["django.db.transaction.atomic"]);

/** `transaction.atomic`, `atomic` (imported from django.db.transaction), with or without a call. */
export function isAtomicExpression(django: DjangoFacts, expr: SyntaxNode): boolean {
  let node = unwrapParens(expr);
  if (node.type === "call") node = node.childForFieldName("function") ?? node;
  if (node.type !== "identifier" && node.type !== "attribute") return false;
  const dotted = django.qualifiedName(node);
  return dotted !== undefined && ATOMIC.has(dotted);
}

/** Every transaction block of the file, in source order. */
export function atomicBlocks(django: DjangoFacts): AtomicBlock[] {
  const blocks: AtomicBlock[] = [];
  for (const stmt of django.nodesOfType("with_statement")) {
    const clause = stmt.namedChildren.find((c) => c.type === "with_clause");
    const body = stmt.childForFieldName("body");
    if (!clause || !body) continue;
    for (const item of clause.namedChildren) {
      const value = item.type === "with_item" ? item.childForFieldName("value") : null;
      if (value && isAtomicExpression(django, value)) {
        blocks.push({ node: stmt, opener: value, body, kind: "with" });
        break;
      }
    }
  }
  for (const fn of django.nodesOfType("function_definition")) {
    const body = fn.childForFieldName("body");
    const decorator = decoratorsOf(fn).find((d) => {
      const target = decoratorTarget(d);
      return target !== undefined && isAtomicExpression(django, target);
    });
    if (decorator && body) blocks.push({ node: fn, opener: decorator, body, kind: "decorator" });
  }
  return blocks.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** The node runs in the block's transaction: inside its body, not in a nested def, lambda or class (those run later). */
export function runsInside(block: AtomicBlock, node: SyntaxNode): boolean {
  if (!isWithin(node, block.body)) return false;
  for (let n = node.parent; n && n.id !== block.body.id; n = n.parent) {
    if (SCOPE_TYPES.has(n.type)) return false;
  }
  return true;
}

const QS_WRITES = new Set(["create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"]);
const MANAGER_WRITES = new Set(["add", "remove", "set", "clear"]);
const INSTANCE_WRITES = new Set(["save", "delete"]);

export interface DbWrite {
  call: SyntaxNode;
  /** The write: "Record.objects.create()", "obj.save()". */
  label: string;
  /** The helper of this file the loop calls to make it: "process_record()". */
  via?: string;
}

/**
 * The first ORM write made once per iteration of the loop: a write on a proven QuerySet or model
 * instance, or a call to a function of this file (or a method of the same class) that makes one.
 */
export function perIterationWrite(django: DjangoFacts, loop: LoopInfo): DbWrite | undefined {
  const helpers = new HelperWrites(django);
  for (const node of perIterationNodes(loop)) {
    if (node.type !== "call") continue;
    const direct = directWrite(django, node);
    if (direct) return direct;
    const viaHelper = helpers.writeThrough(node, loop.node);
    if (viaHelper) return viaHelper;
  }
  return undefined;
}

function directWrite(django: DjangoFacts, call: SyntaxNode): DbWrite | undefined {
  const m = methodCallOf(call);
  if (!m) return undefined;
  if (QS_WRITES.has(m.name) || MANAGER_WRITES.has(m.name)) {
    const qs = django.querySetOf(m.object);
    if (qs && (QS_WRITES.has(m.name) || qs.root === "related-manager")) return { call, label: `${qs.model.name}.objects.${m.name}()` };
  }
  if (INSTANCE_WRITES.has(m.name) && m.object.type === "identifier") {
    const inst = django.instanceOf(m.object);
    if (inst || constructedModel(django, m.object)) return { call, label: `${m.object.text}.${m.name}()` };
  }
  return undefined;
}

/** `obj = Model(...)` earlier in the same function. */
function constructedModel(django: DjangoFacts, id: SyntaxNode): boolean {
  let fn: SyntaxNode | null = id.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  for (const assignment of django.nodesOfType("assignment")) {
    if (assignment.startIndex >= id.startIndex) break;
    if (fn && !isWithin(assignment, fn)) continue;
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type !== "identifier" || left.text !== id.text || right?.type !== "call") continue;
    const callee = right.childForFieldName("function");
    if (callee && django.modelOf(callee)) return true;
  }
  return false;
}

/** One level into functions of the same file: `process_record(row)` / `self.import_row(row)`. */
class HelperWrites {
  private readonly memo = new Map<number, DbWrite | null>();

  constructor(private readonly django: DjangoFacts) {}

  writeThrough(call: SyntaxNode, from: SyntaxNode): DbWrite | undefined {
    const def = this.target(call, from);
    if (!def) return undefined;
    let known = this.memo.get(def.id);
    if (known === undefined) {
      known = null;
      const body = def.childForFieldName("body");
      for (const node of body ? body.descendantsOfType("call") : []) {
        if (!runsInFunction(node, def)) continue;
        const write = directWrite(this.django, node);
        if (write) {
          known = write;
          break;
        }
      }
      this.memo.set(def.id, known);
    }
    const name = def.childForFieldName("name")?.text ?? "?";
    return known ? { call, label: known.label, via: `${name}()` } : undefined;
  }

  private target(call: SyntaxNode, from: SyntaxNode): SyntaxNode | undefined {
    const fn = call.childForFieldName("function");
    if (fn?.type === "identifier") {
      return this.django.nodesOfType("function_definition").find(
        (d) => d.childForFieldName("name")?.text === fn.text && isModuleLevel(d),
      );
    }
    if (fn?.type === "attribute" && fn.childForFieldName("object")?.text === "self") {
      const name = attributeName(fn);
      let method: SyntaxNode | null = from.parent;
      while (method && method.type !== "function_definition") method = method.parent;
      const cls = method ? classOfMethod(method) : undefined;
      if (!cls) return undefined;
      return this.django
        .nodesOfType("function_definition")
        .find((d) => d.childForFieldName("name")?.text === name && classOfMethod(d)?.id === cls.id);
    }
    return undefined;
  }
}

function isModuleLevel(def: SyntaxNode): boolean {
  const holder = def.parent?.type === "decorated_definition" ? def.parent : def;
  return holder.parent?.type === "module";
}

function runsInFunction(node: SyntaxNode, def: SyntaxNode): boolean {
  for (let n = node.parent; n && n.id !== def.id; n = n.parent) if (SCOPE_TYPES.has(n.type)) return false;
  return true;
}
