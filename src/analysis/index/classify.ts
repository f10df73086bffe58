/**
 * What a project class is, from its base chain: a model (and whether all of it is visible to the
 * index), a manager, a QuerySet, a model field class.
 */
import type { Hierarchy } from "./ancestry.js";
import {
  MODEL_META_OPTIONS,
  fieldKindByName,
  isAutoPrefetchModel,
  isDjangoModel,
  isHarmlessBase,
  isManagerBase,
  isQuerySetBase,
  isThirdPartyModel,
} from "./django-names.js";
import { lastName } from "./expr.js";
import type { Expr } from "./expr.js";
import type { ModuleFacts } from "./facts.js";
import type { FieldKind } from "./types.js";

export interface ModelVerdict {
  isModel: boolean;
  /** Every base along the chain is a project class, Django's Model or a harmless builtin. */
  known: boolean;
  autoPrefetch: boolean;
  /** Bases that made the class not fully known, as written or as resolved. */
  unknownBases: string[];
}

export interface FieldCall {
  kind: FieldKind;
  /** As written, last dotted part (`ForeignKey`, `TreeForeignKey`). */
  fieldClass: string;
  /** The class resolved to a `django.*` name: evidence that the enclosing class is a model. */
  isDjango: boolean;
  /**
   * The library class the field is, or a project field class extends, as its dotted import path
   * (`django.db.models.JSONField`, `jsonfield.JSONField`); undefined when the imports do not show it.
   */
  origin?: string;
  /** A project field class: its qualified name. */
  projectClass?: string;
}

const NOT_A_MODEL: ModelVerdict = { isModel: false, known: false, autoPrefetch: false, unknownBases: [] };

export class Classifier {
  private readonly verdicts = new Map<string, ModelVerdict>();
  private readonly chainMemo = new Map<string, boolean>();

  constructor(readonly hierarchy: Hierarchy) {}

  model(qn: string): ModelVerdict {
    const memo = this.verdicts.get(qn);
    if (memo) return memo;
    this.verdicts.set(qn, NOT_A_MODEL); // cycle guard
    const unknownBases = this.unknownBasesOf(qn);
    const verdict: ModelVerdict = { isModel: false, known: unknownBases.length === 0, autoPrefetch: false, unknownBases };
    for (const base of this.hierarchy.basesOf(qn)) {
      if (base.kind === "class") {
        const parent = this.model(base.qn);
        verdict.isModel ||= parent.isModel;
        verdict.autoPrefetch ||= parent.autoPrefetch;
      } else if (base.kind === "external" && (isDjangoModel(base.dotted) || isThirdPartyModel(base.dotted))) {
        verdict.isModel = true;
        verdict.autoPrefetch ||= isAutoPrefetchModel(base.dotted);
      }
    }
    // An unresolvable base, but the body declares Django fields or model Meta options: a model whose
    // inherited part is unknown.
    if (!verdict.isModel && !verdict.known && this.looksLikeModelBody(qn)) verdict.isModel = true;
    this.verdicts.set(qn, verdict);
    return verdict;
  }

  isManagerClass(qn: string): boolean {
    return this.chainReaches(qn, "manager", isManagerBase);
  }

  isQuerySetClass(qn: string): boolean {
    return this.chainReaches(qn, "queryset", isQuerySetBase);
  }

  /** A call in a class body that creates a model field, with its kind. */
  fieldCall(mod: ModuleFacts, value: Expr): FieldCall | undefined {
    if (value.t !== "call" || value.fn.t !== "name") return undefined;
    const fieldClass = lastName(value.fn) ?? "";
    const r = this.hierarchy.symbols.resolveIn(mod, value.fn.dotted);
    if (r?.kind === "class") {
      const base = this.fieldBaseOfClass(r.qn);
      return base ? { kind: base.kind, fieldClass, isDjango: false, origin: base.dotted, projectClass: r.qn } : undefined;
    }
    if (r?.kind === "external") {
      const kind = fieldKindByName(r.dotted.slice(r.dotted.lastIndexOf(".") + 1));
      return kind ? { kind, fieldClass, isDjango: isDjangoModelField(r.dotted), origin: r.dotted } : undefined;
    }
    // Unresolvable: a class named like a field in a model body is a field (its kind by its name).
    const kind = r === undefined ? fieldKindByName(fieldClass) : undefined;
    return kind ? { kind, fieldClass, isDjango: false } : undefined;
  }

  /** A project field class (`class MoneyField(models.DecimalField)`): the library field it extends, and its kind. */
  private fieldBaseOfClass(qn: string): { kind: FieldKind; dotted: string } | undefined {
    for (const c of this.hierarchy.mro(qn)) {
      for (const base of this.hierarchy.basesOf(c)) {
        if (base.kind !== "external") continue;
        const kind = fieldKindByName(base.dotted.slice(base.dotted.lastIndexOf(".") + 1));
        if (kind) return { kind, dotted: base.dotted };
      }
    }
    return undefined;
  }

  private looksLikeModelBody(qn: string): boolean {
    const pc = this.hierarchy.get(qn);
    if (!pc) return false;
    if (pc.cls.attrs.some((a) => this.fieldCall(pc.mod, a.value)?.isDjango)) return true;
    return [...(pc.cls.meta?.attrs.keys() ?? [])].some((k) => MODEL_META_OPTIONS.has(k));
  }

  /** Bases anywhere in the chain whose members the index cannot see (libraries, unresolvable names). */
  private unknownBasesOf(qn: string): string[] {
    return this.hierarchy
      .leafBases(qn)
      .filter((b) => !(b.kind === "external" && (isDjangoModel(b.dotted) || isHarmlessBase(b.dotted))))
      .map((b) => (b.kind === "external" ? b.dotted : b.text));
  }

  private chainReaches(qn: string, key: string, test: (dotted: string) => boolean): boolean {
    const memoKey = `${key}:${qn}`;
    const memo = this.chainMemo.get(memoKey);
    if (memo !== undefined) return memo;
    const result = this.hierarchy.leafBases(qn).some((b) => b.kind === "external" && test(b.dotted));
    this.chainMemo.set(memoKey, result);
    return result;
  }
}

/** `django.db.models.CharField`, `django.contrib.postgres.fields.ArrayField`; not `django.forms.CharField`. */
function isDjangoModelField(dotted: string): boolean {
  return dotted.startsWith("django.db.") || (dotted.startsWith("django.contrib.") && !/\.forms?\./.test(dotted));
}
