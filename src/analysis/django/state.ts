/** What every Django helper of one file shares: the file, the index, its scopes and imports, and the facts object. */
import type { SyntaxNode } from "../parser.js";
import type { ParsedFile } from "../source-file.js";
import type { ProjectIndex } from "../index/types.js";
import type { ImportTable } from "../imports.js";
import type { DjangoFacts, LoopInfo } from "./types.js";
import type { Scopes } from "./scopes.js";

export interface LoopIndex {
  all: LoopInfo[];
  /** Loops keyed by the node that holds them: the for/while statement, or the comprehension (one per clause). */
  byHolder: Map<number, LoopInfo[]>;
}

export interface FileState {
  file: ParsedFile;
  index: ProjectIndex;
  imports: ImportTable;
  scopes: Scopes;
  /** Imports inside a function or class body (module-level ones are `imports`). */
  importsIn(scope: SyntaxNode): ImportTable;
  loopIndex(): LoopIndex;
  /** The public facts (memoised): helpers call each other through it so every answer is cached once. */
  readonly facts: DjangoFacts;
}

const PENDING = Symbol("pending");

/**
 * Per-node cache. A node asked about again while its answer is being computed (`qs = qs.filter()`,
 * two variables defined from each other) gets `undefined`: cycles prove nothing, and this ends them.
 */
export class NodeMemo<T> {
  private readonly map = new Map<number, T | undefined | typeof PENDING>();

  get(node: SyntaxNode, compute: () => T | undefined): T | undefined {
    const cached = this.map.get(node.id);
    if (cached === PENDING) return undefined;
    if (cached !== undefined || this.map.has(node.id)) return cached;
    this.map.set(node.id, PENDING);
    let result: T | undefined;
    try {
      result = compute();
    } finally {
      // On a throw, forget the pending marker so a later call can retry (and throw visibly again).
      this.map.delete(node.id);
    }
    this.map.set(node.id, result);
    return result;
  }
}
