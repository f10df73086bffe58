/**
 * What a property returns, when every `return` yields one row of the same named model
 * (`@property def round(self): return get_object_or_404(Round, …)`), so that `self.round` in a view
 * that inherits the property from a mixin in another module is read as a Round. A return may also
 * hand back a local name whose every assignment is such a row, a value read from the cache under the
 * key the property stores such a row under (`x = cache.get(key)` with `cache.set(key, row)`), or an
 * attribute of `self` every assignment of which in the class is such a row (`self._round = round`).
 * `return None` and a bare `return` are left out (the property may have no row; reading through None
 * fails anyway). Anything else makes the return type unknown.
 */
import type { SyntaxNode } from "../parser.js";
import { returnsOf } from "./returned-chains.js";
import { assignmentsOf } from "./call-facts.js";
import { rowExprOf } from "./row-exprs.js";
import { positionalArgs, unwrapParens } from "../django/syntax.js";

export interface PropertyRow {
  /** The model as written (`Round`, `models.Round`), resolved by the index in the module. */
  cls: string;
  manager?: string;
}

/** Local names and `self` attributes followed from a return, at most. */
const MAX_FOLLOW = 4;

export function propertyRowOf(def: SyntaxNode): PropertyRow | undefined {
  const body = def.childForFieldName("body");
  const self = def.childForFieldName("parameters")?.namedChildren[0];
  if (!body || self?.type !== "identifier") return undefined;
  const reader = new RowReader(classBody(def), self.text);
  let found: PropertyRow | undefined;
  for (const ret of returnsOf(body)) {
    const value = ret.namedChildren[0];
    if (!value || value.type === "none") continue;
    const row = reader.rowOf(value, def, 0);
    if (!row || (found && (found.cls !== row.cls || found.manager !== row.manager))) return undefined;
    found = row;
  }
  return found;
}

function classBody(def: SyntaxNode): SyntaxNode | undefined {
  const holder = def.parent?.type === "decorated_definition" ? def.parent.parent : def.parent;
  return holder?.type === "block" && holder.parent?.type === "class_definition" ? holder : undefined;
}

class RowReader {
  constructor(
    private readonly classBlock: SyntaxNode | undefined,
    private readonly self: string,
  ) {}

  rowOf(node: SyntaxNode, fn: SyntaxNode, depth: number): PropertyRow | undefined {
    const value = unwrapParens(node);
    const row = rowExprOf(value);
    if (row) return row.manager === undefined ? { cls: row.model.text } : { cls: row.model.text, manager: row.manager };
    if (depth >= MAX_FOLLOW) return undefined;
    if (value.type === "identifier") return this.same(assignmentsOf(fn, value.text).map((v) => this.assignedRow(v, fn, depth + 1)));
    if (value.type === "attribute" && value.childForFieldName("object")?.text === this.self) {
      const name = value.childForFieldName("attribute")?.text;
      return name ? this.same(this.selfAssignments(name).map(([v, method]) => this.assignedRow(v, method, depth + 1))) : undefined;
    }
    return undefined;
  }

  /** An assigned value: a row, or a cache read under a key the function stores a row under. */
  private assignedRow(value: SyntaxNode, fn: SyntaxNode, depth: number): PropertyRow | undefined {
    if (value.type === "function_definition") return undefined;
    const cached = cacheRead(value);
    if (!cached) return this.rowOf(value, fn, depth);
    const stored = cacheWrites(fn, cached.cache, cached.key);
    return this.same(stored.map((v) => this.rowOf(v, fn, depth)));
  }

  /** `self.<name> = value` in every method of the class (value, method). */
  private selfAssignments(name: string): [SyntaxNode, SyntaxNode][] {
    const out: [SyntaxNode, SyntaxNode][] = [];
    for (const stmt of this.classBlock?.namedChildren ?? []) {
      const method = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
      if (method?.type !== "function_definition") continue;
      const self = method.childForFieldName("parameters")?.namedChildren[0]?.text;
      for (const assign of method.descendantsOfType("assignment")) {
        const left = assign.childForFieldName("left");
        const right = assign.childForFieldName("right");
        if (left?.type === "attribute" && left.childForFieldName("object")?.text === self && left.childForFieldName("attribute")?.text === name && right) out.push([right, method]);
      }
    }
    return out;
  }

  private same(rows: (PropertyRow | undefined)[]): PropertyRow | undefined {
    const first = rows[0];
    if (!first || rows.some((r) => !r || r.cls !== first.cls || r.manager !== first.manager)) return undefined;
    return first;
  }
}

/** `<cache>.get(key)` (the object's text ending in `cache`): the cache's text and the key's. */
function cacheRead(value: SyntaxNode): { cache: string; key: string } | undefined {
  const fn = value.type === "call" ? value.childForFieldName("function") : undefined;
  const object = fn?.childForFieldName("object");
  const key = positionalArgs(value.childForFieldName("arguments"))[0];
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "get" || !object || !object.text.endsWith("cache") || key?.type !== "identifier") return undefined;
  return { cache: object.text, key: key.text };
}

/** The values `fn` stores with `<cache>.set(key, value, …)` under the same cache and key name. */
function cacheWrites(fn: SyntaxNode, cache: string, key: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const call of fn.descendantsOfType("call")) {
    const callee = call.childForFieldName("function");
    if (callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "set" || callee.childForFieldName("object")?.text !== cache) continue;
    const [k, v] = positionalArgs(call.childForFieldName("arguments"));
    if (k?.text === key && v) out.push(v);
  }
  return out;
}
