/**
 * Node reads without the trip into native code (issue 11: on a dense module a third of the time was
 * spent crossing into the tree: `childForFieldName`, `namedChildren`, `parent`, `startIndex`,
 * `endIndex`, a new node object per call). Trees are never edited (parser.ts), so what such a read
 * returns for a node never changes while its tree lives, and the rules ask the same node the same
 * question four or five times over (64 KB dense module: 131k `childForFieldName` calls for 29k distinct
 * node/field pairs, 128k `namedChildren` for 39k nodes, 46k `parent` for 11k).
 *
 * So the node class of the binding answers them in JavaScript:
 * - `startIndex` and `id` from the node's own fields: the binding copies tree-sitter's `TSNode` into
 *   the object (slots 0-1 the id, slot 2 the start byte; the text is UTF-16, two bytes a character);
 * - `endIndex`, `parent`, `childForFieldName(name)`, `namedChildren` and `children` asked natively once
 *   per node object and kept on it (the arrays handed out as copies: a caller may sort its own).
 *
 * The binding hands back the same object for a node while that object lives, and a kept parent or
 * child keeps its neighbours alive, so a file's nodes are asked once each; a node made again after the
 * collector freed it is asked again, which only costs the native read. Installed when parser.ts loads,
 * after a self-check that compares every answer with the binding's own on a sample tree: a binding
 * whose layout differs (another version) keeps its own getters.
 */
import Parser from "tree-sitter";
import type { SyntaxNode, Tree } from "tree-sitter";

/**
 * What was asked of one node (its parent is kept apart, on the node: every child handed out gets one,
 * most are asked nothing else). One shape for every node, so V8 keeps one hidden class for it.
 */
interface Memo {
  end: number;
  named: SyntaxNode[] | undefined;
  children: SyntaxNode[] | undefined;
  /** The first field asked and its child (most nodes are asked one), then any others side by side. */
  field: string | undefined;
  fieldNode: SyntaxNode | null;
  moreNames: string[] | undefined;
  moreNodes: (SyntaxNode | null)[] | undefined;
}

const MEMO = Symbol("djperf.nodeMemo");
const PARENT = Symbol("djperf.parent");

type Slots = Record<number, number> & { [MEMO]?: Memo; [PARENT]?: SyntaxNode | null };

function memoOf(node: Slots): Memo {
  let memo = node[MEMO];
  if (memo === undefined) {
    memo = { end: -1, named: undefined, children: undefined, field: undefined, fieldNode: null, moreNames: undefined, moreNodes: undefined };
    node[MEMO] = memo;
  }
  return memo;
}

/**
 * Children read from a node have that node as their parent (tree-sitter's parent is the nearest visible
 * ancestor, and a node's children and field children are its visible descendants one level down): kept,
 * so the walk back up from a child the rules reached going down asks no native `parent`.
 */
function adopted(parent: SyntaxNode, kids: SyntaxNode[]): SyntaxNode[] {
  for (const kid of kids as unknown as Slots[]) if (kid[PARENT] === undefined) kid[PARENT] = parent;
  return kids;
}

type Getter = (this: SyntaxNode) => unknown;

/** The binding's own getters and methods, kept for the self-check and for restoring them. */
function original(proto: object, name: string): PropertyDescriptor {
  return Object.getOwnPropertyDescriptor(proto, name)!;
}

/** The binding's own descriptors of the reads answered here (empty until installed). */
const saved = new Map<string, PropertyDescriptor>();

/** What the binding itself answers for `name` (a getter, or `childForFieldName(...args)`): for tests and the self-check. */
export function nativeRead(node: SyntaxNode, name: string, ...args: unknown[]): unknown {
  const d = saved.get(name);
  if (!d) {
    // Not installed: the node's own read is the binding's.
    const value: unknown = (node as unknown as Record<string, unknown>)[name];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).apply(node, args) : value;
  }
  return d.get ? d.get.call(node) : (d.value as (...a: unknown[]) => unknown).apply(node, args);
}

/** Installs the memoised reads on the binding's node class; false (nothing changed) when the self-check fails. */
export function installNodeMemo(parse: (text: string) => Tree): boolean {
  const proto = (Parser as unknown as { SyntaxNode: { prototype: object } }).SyntaxNode.prototype;
  const names = ["startIndex", "id", "endIndex", "parent", "namedChildren", "children", "childForFieldName"];
  if (saved.size > 0) return true;
  for (const n of names) saved.set(n, original(proto, n));
  if ([...saved.values()].some((d) => d === undefined || !d.configurable)) {
    saved.clear();
    return false;
  }
  const get = (n: string): Getter => saved.get(n)!.get as Getter;
  const endIndex = get("endIndex");
  const parent = get("parent");
  const namedChildren = get("namedChildren");
  const children = get("children");
  const childForFieldName = saved.get("childForFieldName")!.value as (this: SyntaxNode, name: string) => SyntaxNode | null;

  const define = (name: string, read: (this: SyntaxNode & Slots, ...args: never[]) => unknown, getter: boolean): void => {
    const d = saved.get(name)!;
    Object.defineProperty(proto, name, getter ? { ...d, get: read } : { ...d, value: read });
  };
  define("startIndex", function () {
    return this[2]! >>> 1;
  }, true);
  define("id", function () {
    return this[0]! + this[1]! * 4294967296;
  }, true);
  define("endIndex", function () {
    const memo = memoOf(this);
    if (memo.end < 0) memo.end = endIndex.call(this) as number;
    return memo.end;
  }, true);
  define("parent", function () {
    let up = this[PARENT];
    if (up === undefined) this[PARENT] = up = parent.call(this) as SyntaxNode | null;
    return up;
  }, true);
  define("namedChildren", function () {
    const memo = memoOf(this);
    memo.named ??= adopted(this, namedChildren.call(this) as SyntaxNode[]);
    return memo.named.slice();
  }, true);
  define("children", function () {
    const memo = memoOf(this);
    memo.children ??= adopted(this, children.call(this) as SyntaxNode[]);
    return memo.children.slice();
  }, true);
  define("childForFieldName", function (name: string) {
    const memo = memoOf(this);
    if (memo.field === name) return memo.fieldNode;
    const names = memo.moreNames;
    if (names !== undefined) for (let i = 0; i < names.length; i++) if (names[i] === name) return memo.moreNodes![i];
    const child = childForFieldName.call(this, name);
    if (child !== null) adopted(this, [child]);
    if (memo.field === undefined) {
      memo.field = name;
      memo.fieldNode = child;
    } else {
      (memo.moreNames ??= []).push(name);
      (memo.moreNodes ??= []).push(child);
    }
    return child;
  } as (this: SyntaxNode & Slots, ...args: never[]) => unknown, false);

  if (sameAnswers(parse)) return true;
  for (const [name, d] of saved) Object.defineProperty(proto, name, d);
  saved.clear();
  return false;
}

/** A sample with most statement and expression kinds, non-ASCII text (UTF-16 offsets) and a syntax error. */
const SAMPLE = [
  "# -*- coding: utf-8 -*-",
  "from django.db import models as m",
  "import os.path",
  "class Café(m.Model):",
  '    """Ünïcödé 😀 docstring."""',
  "    name = m.CharField(max_length=10, default='é')",
  "    @property",
  "    def label(self, *args, key=None, **kw) -> str:",
  "        for i, (a, b) in enumerate(self.items.all()):",
  "            if a and not b or i > 2:",
  "                yield {k: v for k, v in kw.items() if v}",
  "            elif x := len(a):",
  "                continue",
  "        with open(os.path.join('a', 'b')) as f, lock:",
  "            try:",
  "                return f'{self.name!r:>10} 😀 {[x async for x in y]}'",
  "            except (ValueError, KeyError) as e:",
  "                raise RuntimeError(e) from None",
  "            finally:",
  "                del self.cache[0:2]",
  "        lambda q=1: q[::2]",
  "        global g; g: int = 1 if x else 2",
  "def broken(:",
  "    pass",
  "",
].join("\n");

/** Every memoised read against the binding's own, on every node of the sample tree (twice: asked and kept). */
function sameAnswers(parse: (text: string) => Tree): boolean {
  const call = (name: string, node: SyntaxNode, ...args: unknown[]): unknown => nativeRead(node, name, ...args);
  const idOf = (node: SyntaxNode | null): unknown => (node === null ? null : call("id", node));
  const fields = ["name", "body", "function", "arguments", "object", "attribute", "left", "right", "value", "condition", "parameters", "alternative", "type"];
  try {
    const tree = parse(SAMPLE + "\n");
    const all = everyNode(tree.rootNode);
    if (all.length < 100) return false;
    for (let round = 0; round < 2; round++) {
      for (const node of all) {
        if (node.startIndex !== call("startIndex", node) || node.endIndex !== call("endIndex", node)) return false;
        if (node.id !== call("id", node) || idOf(node.parent) !== idOf(call("parent", node) as SyntaxNode | null)) return false;
        const named = call("namedChildren", node) as SyntaxNode[];
        const kids = call("children", node) as SyntaxNode[];
        if (node.namedChildren.map(idOf).join() !== named.map(idOf).join()) return false;
        if (node.children.map(idOf).join() !== kids.map(idOf).join()) return false;
        for (const f of fields) if (idOf(node.childForFieldName(f)) !== idOf(call("childForFieldName", node, f) as SyntaxNode | null)) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

/** Every node under `root` (anonymous tokens included), in pre-order. */
export function everyNode(root: SyntaxNode): SyntaxNode[] {
  const all: SyntaxNode[] = [];
  const cursor = root.walk();
  const visit = (): void => {
    do {
      all.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) {
        visit();
        cursor.gotoParent();
      }
    } while (cursor.gotoNextSibling());
  };
  visit();
  return all;
}
