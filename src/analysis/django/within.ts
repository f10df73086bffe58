/**
 * `scope.descendantsOfType(type)` answered from the file's cached node list (`nodesOfType`) by binary
 * search on start positions, instead of a native walk of the scope per question. Rules asked it once
 * per attribute or call of a function: a 2,000-line function walked itself thousands of times
 * (quadratic). Same nodes, same (pre-)order, the scope itself included when it has the type, as
 * tree-sitter answers.
 */
import type { SyntaxNode } from "../parser.js";
import type { DjangoFacts } from "./types.js";
import { calleeName, isWriteTarget } from "./syntax.js";

interface Positions {
  starts: Float64Array;
  ends: Float64Array;
}

/** Keyed by the facts' frozen per-file list: one entry per list, gone with the file. */
const positionsOf = new WeakMap<readonly SyntaxNode[], Positions>();

function positions(list: readonly SyntaxNode[]): Positions {
  let known = positionsOf.get(list);
  if (!known) {
    known = { starts: new Float64Array(list.length), ends: new Float64Array(list.length) };
    for (let i = 0; i < list.length; i++) {
      known.starts[i] = list[i]!.startIndex;
      known.ends[i] = list[i]!.endIndex;
    }
    positionsOf.set(list, known);
  }
  return known;
}

/** Index of the first entry of `starts` that is >= `pos`. */
export function lowerBound(starts: ArrayLike<number>, pos: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The entries of `list` (a pre-order list of one tree's nodes) inside `scope`, as `scope.descendantsOfType`
 * would list them. Positions decide, except for a zero-width node (error recovery) on the scope's
 * edge, which may belong to a neighbour: its parents decide.
 */
export function listWithin(list: readonly SyntaxNode[], scope: SyntaxNode): SyntaxNode[] {
  const { starts, ends } = positions(list);
  const start = scope.startIndex;
  const end = scope.endIndex;
  const out: SyntaxNode[] = [];
  // Pre-order puts an enclosing node before the nodes it shares a start with: begin at the first such.
  for (let i = lowerBound(starts, start); i < starts.length && starts[i]! <= end; i++) {
    const e = ends[i]!;
    if (e > end) continue;
    const s = starts[i]!;
    if (s === e && (s === start || s === end) && !descends(list[i]!, scope)) continue;
    out.push(list[i]!);
  }
  return out;
}

/** `scope.descendantsOfType(types)` read from the file's cached lists. */
export function nodesWithin(django: Pick<DjangoFacts, "nodesOfType">, scope: SyntaxNode, types: string | readonly string[]): SyntaxNode[] {
  return listWithin(django.nodesOfType(types), scope);
}

function descends(node: SyntaxNode, scope: SyntaxNode): boolean {
  const id = scope.id;
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.id === id) return true;
  return false;
}

/**
 * The file's attributes grouped by their name (`x.f` → "f"), each group in source order. Rules that
 * look for other reads or writes of one relation ask only the group, not every attribute of the scope.
 */
export function attributesNamed(django: Pick<DjangoFacts, "nodesOfType">, name: string): readonly SyntaxNode[] {
  return groupOf(django.nodesOfType("attribute"), attributeKey, name);
}

// One function object: groupings are cached per key function.
const attributeKey = (attr: SyntaxNode): string | undefined => attr.childForFieldName("attribute")?.text;

/** The file's calls grouped by `calleeName` (`f(…)`, `a.b.f(…)` → "f"), each group in source order. */
export function callsNamed(django: Pick<DjangoFacts, "nodesOfType">, name: string): readonly SyntaxNode[] {
  return groupOf(django.nodesOfType("call"), calleeName, name);
}

const NONE: readonly SyntaxNode[] = Object.freeze([]);

/** `attributesNamed` less the reads: the attributes written to (`x.f = …`, `del x.f`, a `for` target). */
const writtenByGroup = new WeakMap<readonly SyntaxNode[], SyntaxNode[]>();

export function attributesWritten(django: Pick<DjangoFacts, "nodesOfType">, name: string): readonly SyntaxNode[] {
  const group = attributesNamed(django, name);
  let written = writtenByGroup.get(group);
  if (!written) writtenByGroup.set(group, (written = group.filter(isWriteTarget)));
  return written;
}

/** Keyed by the per-file list (one grouping per list and key function, gone with the file). */
const groupings = new WeakMap<readonly SyntaxNode[], Map<(node: SyntaxNode) => string | undefined, Map<string, SyntaxNode[]>>>();

function groupOf(all: readonly SyntaxNode[], keyOf: (node: SyntaxNode) => string | undefined, name: string): readonly SyntaxNode[] {
  let byKey = groupings.get(all);
  if (!byKey) groupings.set(all, (byKey = new Map()));
  let groups = byKey.get(keyOf);
  if (!groups) {
    groups = new Map();
    for (const node of all) {
      const key = keyOf(node);
      if (key === undefined) continue;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(node);
    }
    byKey.set(keyOf, groups);
  }
  return groups.get(name) ?? NONE;
}
