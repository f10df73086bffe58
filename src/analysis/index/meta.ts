/**
 * A model's effective Meta, following Django's inheritance: a model without its own Meta uses the
 * nearest abstract base's Meta (with `abstract` reset); `class Meta(Base.Meta)` merges explicitly;
 * a multi-table child or proxy without `ordering` takes its concrete parent's.
 */
import type { Hierarchy } from "./ancestry.js";
import type { Classifier } from "./classify.js";
import { lastName, stringItems } from "./expr.js";
import type { Expr } from "./expr.js";
import type { IndexInfo } from "./types.js";

export interface EffectiveMeta {
  isAbstract: boolean;
  isProxy: boolean;
  appLabel?: string;
  dbTable?: string;
  ordering?: string[];
  /** Meta.indexes, unique constraints, unique_together, index_together declared for this model. */
  indexes: IndexInfo[];
}

export class MetaReader {
  private readonly attrsMemo = new Map<string, Map<string, Expr>>();

  constructor(
    private readonly hierarchy: Hierarchy,
    private readonly classifier: Classifier,
  ) {}

  isAbstract(qn: string): boolean {
    return isTrue(this.hierarchy.get(qn)?.cls.meta?.attrs.get("abstract"));
  }

  read(qn: string): EffectiveMeta {
    const attrs = this.attrs(qn);
    const str = (key: string): string | undefined => {
      const v = attrs.get(key);
      return v?.t === "str" ? v.value : undefined;
    };
    const orderingExpr = attrs.get("ordering");
    return {
      isAbstract: this.isAbstract(qn),
      isProxy: isTrue(attrs.get("proxy")),
      appLabel: str("app_label"),
      dbTable: str("db_table"),
      ordering: orderingExpr ? stringItems(orderingExpr) : undefined,
      indexes: indexesOf(attrs),
    };
  }

  /** Meta attributes in effect for `qn` (own, explicit Meta bases, or the inherited abstract Meta). */
  attrs(qn: string): Map<string, Expr> {
    const memo = this.attrsMemo.get(qn);
    if (memo) return memo;
    this.attrsMemo.set(qn, new Map()); // cycle guard
    const pc = this.hierarchy.get(qn);
    const out = new Map<string, Expr>();
    if (pc?.cls.meta) {
      for (const [k, v] of pc.cls.meta.attrs) out.set(k, v);
      for (const base of pc.cls.meta.bases) {
        if (base.t !== "name" || !base.dotted.endsWith(".Meta")) continue;
        const owner = this.hierarchy.symbols.resolveIn(pc.mod, base.dotted.slice(0, -".Meta".length));
        if (owner?.kind === "class") mergeMissing(out, this.attrs(owner.qn));
      }
    } else {
      // Python attribute lookup finds the nearest base that still has a `Meta`: abstract models keep
      // theirs, concrete models do not.
      const source = this.hierarchy
        .mro(qn)
        .slice(1)
        .find((c) => this.hierarchy.get(c)?.cls.meta && (this.isAbstract(c) || !this.classifier.model(c).isModel));
      if (source) mergeMissing(out, this.attrs(source));
    }
    if (!out.has("ordering")) {
      const parent = this.concreteParent(qn);
      const inherited = parent ? this.attrs(parent).get("ordering") : undefined;
      if (inherited) out.set("ordering", inherited);
    }
    this.attrsMemo.set(qn, out);
    return out;
  }

  /** The first direct base that is a concrete (non-abstract) model: multi-table parent or proxy target. */
  concreteParent(qn: string): string | undefined {
    return this.hierarchy.projectBases(qn).find((b) => this.classifier.model(b).isModel && !this.isAbstract(b));
  }
}

function mergeMissing(into: Map<string, Expr>, from: Map<string, Expr>): void {
  // Django resets `abstract` on an inherited Meta: children of abstract bases are not abstract.
  for (const [k, v] of from) if (k !== "abstract" && !into.has(k)) into.set(k, v);
}

function isTrue(expr: Expr | undefined): boolean {
  return expr?.t === "other" && expr.text === "True";
}

function indexesOf(attrs: Map<string, Expr>): IndexInfo[] {
  const out: IndexInfo[] = [];
  for (const item of seqItems(attrs.get("indexes"))) {
    const info = indexCall(item);
    if (info) out.push(info);
  }
  for (const item of seqItems(attrs.get("constraints"))) {
    const info = indexCall(item);
    // Only unique constraints are backed by an index; check constraints are not.
    if (info?.kind === "UniqueConstraint") out.push(info);
  }
  for (const kind of ["unique_together", "index_together"] as const) {
    for (const fields of togetherGroups(attrs.get(kind))) out.push({ kind, fields, hasCondition: false });
  }
  return out;
}

function indexCall(expr: Expr): IndexInfo | undefined {
  if (expr.t !== "call") return undefined;
  const kind = lastName(expr.fn);
  if (!kind) return undefined;
  const name = expr.kwargs.get("name");
  return {
    kind,
    // `-created` orders the index descending; the column is `created`.
    fields: stringItems(expr.kwargs.get("fields")).map((f) => f.replace(/^-/, "")),
    name: name?.t === "str" ? name.value : undefined,
    hasCondition: expr.kwargs.has("condition"),
  };
}

/** `unique_together = ("a", "b")` is one group; `[("a", "b"), ("c", "d")]` are two. */
function togetherGroups(expr: Expr | undefined): string[][] {
  if (expr?.t !== "seq") return [];
  if (expr.items.every((i) => i.t === "str")) return expr.items.length > 0 ? [stringItems(expr)] : [];
  return expr.items.filter((i) => i.t === "seq").map((i) => stringItems(i));
}

function seqItems(expr: Expr | undefined): Expr[] {
  return expr?.t === "seq" ? expr.items : [];
}
