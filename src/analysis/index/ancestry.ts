/**
 * Class hierarchies across modules: each class's bases resolved to project classes, outside names
 * or "unresolved", and the project part of its method resolution order (C3, as Python computes it).
 */
import type { Expr } from "./expr.js";
import type { ClassFacts, ModuleFacts } from "./facts.js";
import type { Symbols } from "./symbols.js";

export type BaseRef =
  | { kind: "class"; qn: string }
  | { kind: "external"; dotted: string }
  | { kind: "unresolved"; text: string };

/** A base that is not a project class: where the project's part of a hierarchy ends. */
export type LeafBase = Exclude<BaseRef, { kind: "class" }>;

export interface ProjectClass {
  qn: string;
  cls: ClassFacts;
  mod: ModuleFacts;
}

export class Hierarchy {
  private readonly basesMemo = new Map<string, BaseRef[]>();
  private readonly mroMemo = new Map<string, string[]>();

  constructor(readonly symbols: Symbols) {}

  get(qn: string): ProjectClass | undefined {
    const found = this.symbols.classByQn(qn);
    return found && { qn, ...found };
  }

  /** Every module-level class of the project. */
  *all(): Generator<ProjectClass> {
    for (const mod of this.symbols.modules.values()) {
      for (const cls of mod.classes.values()) yield { qn: `${mod.module}.${cls.name}`, cls, mod };
    }
  }

  basesOf(qn: string): BaseRef[] {
    let bases = this.basesMemo.get(qn);
    if (bases) return bases;
    const pc = this.get(qn);
    bases = pc ? pc.cls.bases.map((b) => this.resolveBase(pc.mod, b)) : [];
    this.basesMemo.set(qn, bases);
    return bases;
  }

  /** Project classes from `qn` up, in method resolution order (qn first). */
  mro(qn: string): string[] {
    const memo = this.mroMemo.get(qn);
    if (memo) return memo;
    // Provisional value: a cyclic hierarchy (broken code) stops here instead of recursing forever.
    this.mroMemo.set(qn, [qn]);
    const parents = this.projectBases(qn);
    const merged = c3Merge([...parents.map((p) => this.mro(p)), parents]) ?? depthFirst(parents, (p) => this.mro(p));
    const result = [...new Set([qn, ...merged])];
    this.mroMemo.set(qn, result);
    return result;
  }

  projectBases(qn: string): string[] {
    return this.basesOf(qn).flatMap((b) => (b.kind === "class" && b.qn !== qn ? [b.qn] : []));
  }

  /** Outside and unresolved bases reached anywhere in the chain. */
  leafBases(qn: string): LeafBase[] {
    return this.mro(qn).flatMap((c) => this.basesOf(c).filter((b): b is LeafBase => b.kind !== "class"));
  }

  private resolveBase(mod: ModuleFacts, base: Expr): BaseRef {
    let expr = base;
    // `models.Manager.from_queryset(OrderQuerySet)`: a subclass of the manager being extended.
    if (expr.t === "call" && expr.fn.t === "name" && expr.fn.dotted.endsWith(".from_queryset")) {
      expr = { t: "name", dotted: expr.fn.dotted.slice(0, -".from_queryset".length), text: expr.text };
    }
    if (expr.t !== "name") return { kind: "unresolved", text: base.text };
    const r = this.symbols.resolveIn(mod, expr.dotted);
    if (r?.kind === "class") return { kind: "class", qn: r.qn };
    if (r?.kind === "external") return { kind: "external", dotted: r.dotted };
    return { kind: "unresolved", text: base.text };
  }
}

/** C3 linearisation merge; undefined when the hierarchy is inconsistent (Python would raise). */
function c3Merge(sequences: string[][]): string[] | undefined {
  const seqs = sequences.map((s) => [...s]).filter((s) => s.length > 0);
  const out: string[] = [];
  while (seqs.length > 0) {
    const head = seqs.map((s) => s[0]).find((h) => h !== undefined && !seqs.some((s) => s.indexOf(h) > 0));
    if (head === undefined) return undefined;
    out.push(head);
    for (const s of seqs) if (s[0] === head) s.shift();
    for (let i = seqs.length - 1; i >= 0; i--) if (seqs[i]?.length === 0) seqs.splice(i, 1);
  }
  return out;
}

function depthFirst(parents: string[], mroOf: (qn: string) => string[]): string[] {
  const seen = new Set<string>();
  for (const p of parents) for (const c of mroOf(p)) seen.add(c);
  return [...seen];
}
