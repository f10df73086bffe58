/**
 * ModelInfo for every project class whose base chain reaches a Django model: labels first (targets
 * need them), then fields through abstract bases and concrete parents, managers, methods, Meta.
 */
import type { MemberQueryFacts } from "./member-queries.js";
import { lastName, type Expr } from "./expr.js";
import type { ModuleFacts } from "./facts.js";
import type { IndexContext } from "./context.js";
import { expandNameTemplate, materialiseField, ownFieldSpecs } from "./fields.js";
import type { FieldSpec, MaterialisedField } from "./fields.js";
import { libraryBaseFields } from "./library-fields.js";
import { isUnseenSaveBase, librarySaveOf } from "./library-saves.js";
import { isDjangoModel, isHarmlessBase } from "./django-names.js";
import { ownManagers } from "./managers.js";
import { modelQueryMethods } from "./query-methods.js";
import type { FieldInfo, ManagerInfo, ModelInfo, QueryingMember } from "./types.js";

export interface LocalRelation {
  model: ModelInfo;
  field: MaterialisedField;
}

export interface BuiltModels {
  models: Map<string, ModelInfo>;
  /** Fields that give their target a reverse accessor: concrete models' own and abstract-copied fields. */
  relations: LocalRelation[];
}

export function buildModels(ctx: IndexContext): BuiltModels {
  const builder = new ModelBuilder(ctx);
  return builder.build();
}

class ModelBuilder {
  private readonly models = new Map<string, ModelInfo>();
  private readonly relations: LocalRelation[] = [];
  private readonly specsMemo = new Map<string, Map<string, FieldSpec>>();
  private readonly fieldsDone = new Set<string>();

  constructor(private readonly ctx: IndexContext) {}

  build(): BuiltModels {
    const { hierarchy, classifier } = this.ctx;
    for (const pc of hierarchy.all()) {
      const verdict = classifier.model(pc.qn);
      if (!verdict.isModel) continue;
      const meta = this.ctx.meta.read(pc.qn);
      const appLabel = meta.appLabel ?? this.ctx.labels.ofModule(pc.mod.module);
      const owner = { name: pc.cls.name, appLabel };
      const indexes = meta.indexes.map((i) => (i.name ? { ...i, name: expandNameTemplate(i.name, owner) } : i));
      const info: ModelInfo = {
        name: pc.cls.name,
        qualifiedName: pc.qn,
        module: pc.mod.module,
        appLabel,
        path: pc.mod.path,
        line: pc.cls.line,
        bases: pc.cls.bases.map((b) => b.text),
        resolvedBases: hierarchy.projectBases(pc.qn),
        isAbstract: meta.isAbstract,
        isProxy: meta.isProxy,
        complete: verdict.known,
        fields: new Map(),
        reverse: new Map(),
        managers: new Map(),
        meta: { ordering: meta.ordering, indexes, dbTable: meta.dbTable },
        overridesSave: false,
        tracking: [],
        methods: new Set(),
        properties: new Set(),
        autoPrefetch: verdict.autoPrefetch,
        ...(pc.mod.builtin ? { builtin: true } : {}),
      };
      if (!verdict.known) {
        this.ctx.notes.add(`${pc.mod.path}:${pc.cls.line}: ${pc.cls.name} has bases the index cannot see (${verdict.unknownBases.join(", ")}); its fields may be incomplete`);
      }
      this.models.set(pc.qn, info);
      this.ctx.labels.register(info);
    }
    for (const info of this.models.values()) {
      this.fillFields(info);
      this.fillMembers(info);
    }
    for (const info of this.models.values()) this.inheritParentIndexes(info);
    return { models: this.models, relations: this.relations };
  }

  /** Own fields plus the ones copied from abstract bases (Django copies those into the child). */
  private localSpecs(qn: string): Map<string, FieldSpec> {
    const memo = this.specsMemo.get(qn);
    if (memo) return memo;
    this.specsMemo.set(qn, new Map()); // cycle guard
    const pc = this.ctx.hierarchy.get(qn);
    const out = new Map<string, FieldSpec>();
    if (pc) {
      const own = ownFieldSpecs(this.ctx, pc);
      for (const spec of own.specs) out.set(spec.attr.name, spec);
      for (const base of this.directBasesInMro(qn)) {
        if (!this.models.has(base) || !this.models.get(base)?.isAbstract) continue;
        for (const [name, spec] of this.localSpecs(base)) {
          if (!out.has(name) && !own.removed.has(name)) out.set(name, spec);
        }
      }
    }
    this.specsMemo.set(qn, out);
    return out;
  }

  private fillFields(info: ModelInfo): void {
    if (this.fieldsDone.has(info.qualifiedName)) return;
    this.fieldsDone.add(info.qualifiedName);
    const concrete = !info.isAbstract && !info.isProxy;
    for (const spec of this.localSpecs(info.qualifiedName).values()) {
      const field = materialiseField(this.ctx, spec, info);
      info.fields.set(field.info.name, field.info);
      if (concrete) this.relations.push({ model: info, field });
    }
    // Columns of the well-known library bases (django-extensions' and model-utils' TimeStampedModel, …)
    // of this class and its abstract project bases; a concrete parent's come with its other fields.
    // A project class naming the column itself either declares it (already here) or removes it (`username = None`).
    const library = this.libraryBases(info.qualifiedName).flatMap((base) => libraryBaseFields(base, info));
    if (library.length > 0) {
      const named = new Set(this.ctx.hierarchy.mro(info.qualifiedName).flatMap((c) => this.ctx.hierarchy.get(c)?.cls.attrs.map((a) => a.name) ?? []));
      for (const field of library) if (!info.fields.has(field.name) && !named.has(field.name)) info.fields.set(field.name, field);
    }
    const parents = info.isAbstract ? [] : this.concreteParents(info.qualifiedName);
    for (const parent of parents) {
      if (!info.isProxy) this.addParentLink(info, parent);
      this.fillFields(parent);
      for (const [name, field] of parent.fields) if (!info.fields.has(name)) info.fields.set(name, field);
    }
    const hasPk = [...info.fields.values()].some((f) => f.kwargs.primary_key === "True");
    // The implicit `id`, only where the whole chain is visible (a library base may define the pk).
    if (concrete && parents.length === 0 && info.complete && !hasPk) {
      const id: FieldInfo = {
        name: "id",
        fieldClass: "AutoField",
        kind: "concrete",
        kwargs: { primary_key: "True" },
        nullable: false,
        declaredOn: info.qualifiedName,
        path: info.path,
        line: info.line,
        autoCreated: true,
      };
      const rest = [...info.fields];
      info.fields.clear();
      info.fields.set("id", id);
      for (const [name, field] of rest) info.fields.set(name, field);
    }
  }

  /** The outside bases of `qn` and of its abstract project bases, nearest first (dotted names). */
  private libraryBases(qn: string, seen = new Set<string>()): string[] {
    if (seen.has(qn)) return [];
    seen.add(qn);
    const own = this.ctx.hierarchy.basesOf(qn).flatMap((b) => (b.kind === "external" ? [b.dotted] : []));
    const inherited = this.directBasesInMro(qn).flatMap((b) => (this.models.get(b)?.isAbstract ? this.libraryBases(b, seen) : []));
    return [...own, ...inherited];
  }

  /** Multi-table inheritance: the child's `<parent>_ptr` one-to-one, unless it declares its own parent_link. */
  private addParentLink(info: ModelInfo, parent: ModelInfo): void {
    const explicit = [...info.fields.values()].some(
      (f) => f.kind === "o2o" && f.kwargs.parent_link === "True" && f.target?.resolved && f.target.model === parent.qualifiedName,
    );
    if (explicit) return;
    const ptr: FieldInfo = {
      name: `${parent.name.toLowerCase()}_ptr`,
      fieldClass: "OneToOneField",
      kind: "o2o",
      kwargs: { parent_link: "True" },
      target: { resolved: true, model: parent.qualifiedName },
      nullable: false,
      declaredOn: info.qualifiedName,
      path: info.path,
      line: info.line,
      autoCreated: true,
    };
    info.fields.set(ptr.name, ptr);
    this.relations.push({ model: info, field: { info: ptr, symmetricalSelf: false } });
  }

  private fillMembers(info: ModelInfo): void {
    const { hierarchy } = this.ctx;
    const managers = new Map<string, ManagerInfo>();
    const seenMembers = new Set<string>();
    const nearest = new Map<string, NearestMember>();
    for (const c of hierarchy.mro(info.qualifiedName)) {
      const pc = hierarchy.get(c);
      if (!pc) continue;
      // Managers come from model classes only; a plain mixin's manager attribute is never set up by Django.
      if (this.models.has(c)) for (const m of ownManagers(this.ctx, pc)) if (!managers.has(m.name)) managers.set(m.name, m);
      // The nearest definition decides whether a name is a property or a method.
      for (const [names, into] of [[pc.cls.properties, info.properties], [pc.cls.methods, info.methods]] as const) {
        for (const name of names) {
          if (seenMembers.has(name)) continue;
          seenMembers.add(name);
          into.add(name);
          const queries = pc.cls.memberQueries?.[name];
          if (queries) nearest.set(name, { facts: queries, kind: into === info.properties ? "property" : "method", path: pc.mod.path });
          if (pc.cls.savingMethods?.includes(name)) (info.savingMethods ??= new Set()).add(name);
          const hops = pc.cls.propertyHops?.[name];
          if (hops && into === info.properties) (info.propertyHops ??= new Map()).set(name, hops);
          const methodHops = pc.cls.methodHops?.[name];
          if (methodHops && into === info.methods) (info.methodHops ??= new Map()).set(name, methodHops);
        }
      }
    }
    // Django adds `objects` only when no manager is declared or inherited.
    if (managers.size === 0 && !info.isAbstract) managers.set("objects", { name: "objects", eagerLoads: [], selectsAllRelated: false });
    for (const [name, m] of managers) info.managers.set(name, m);
    info.overridesSave = info.methods.has("save");
    const querying = queryingMembersOf(nearest);
    if (querying.size > 0) info.queryingMembers = querying;
    this.fillLibrarySaves(info);
    const queryMethods = modelQueryMethods(this.ctx, hierarchy.mro(info.qualifiedName), (qn) => this.models.has(qn));
    if (queryMethods.size > 0) info.queryMethods = queryMethods;
    // HistoricalRecords is inherited (Django copies it from abstract bases); a register decorator is not.
    const tracking = new Set(this.ctx.hierarchy.get(info.qualifiedName)?.cls.registeredWith ?? []);
    for (const c of hierarchy.mro(info.qualifiedName)) {
      const pc = hierarchy.get(c);
      if (pc?.cls.attrs.some((a) => a.value.t === "call" && this.buildsHistoricalRecords(pc.mod, a.value.fn))) tracking.add("django-simple-history");
    }
    info.tracking = [...tracking].sort();
  }

  /** The library bases anywhere in the chain whose save() is listed, or unseen (library-saves.ts). */
  private fillLibrarySaves(info: ModelInfo): void {
    const saves: { base: string; does: string }[] = [];
    const unseen: string[] = [];
    for (const base of this.ctx.hierarchy.leafBases(info.qualifiedName)) {
      if (base.kind !== "external" || isDjangoModel(base.dotted) || isHarmlessBase(base.dotted)) continue;
      const does = librarySaveOf(base.dotted);
      if (does) saves.push({ base: base.dotted, does });
      else if (isUnseenSaveBase(base.dotted)) unseen.push(base.dotted);
    }
    if (saves.length > 0) info.librarySaves = saves;
    if (unseen.length > 0) info.unseenSaveBases = [...new Set(unseen)];
  }

  /**
   * `HistoricalRecords(...)`, or a project subclass of it (`ProxyAwareHistoricalRecords(...)`): teams
   * extend it to customise the history model, and the rows are still written by its post_save handler.
   */
  private buildsHistoricalRecords(mod: ModuleFacts, fn: Expr): boolean {
    if (lastName(fn) === "HistoricalRecords") return true;
    if (fn.t !== "name") return false;
    const resolved = this.ctx.symbols.resolveIn(mod, fn.dotted);
    if (resolved?.kind !== "class") return false;
    return this.ctx.hierarchy.leafBases(resolved.qn).some((b) => (b.kind === "external" ? b.dotted : b.text).split(".").pop() === "HistoricalRecords");
  }

  /** A proxy or multi-table child queries through its parent's table: the parent's indexes serve it too. */
  private inheritParentIndexes(info: ModelInfo): void {
    if (info.isAbstract) return;
    const seen = new Set<string>([info.qualifiedName]);
    let parent = this.concreteParents(info.qualifiedName)[0];
    while (parent && !seen.has(parent.qualifiedName)) {
      seen.add(parent.qualifiedName);
      info.meta.indexes.push(...parent.meta.indexes.filter((i) => !info.meta.indexes.includes(i)));
      parent = this.concreteParents(parent.qualifiedName)[0];
    }
  }

  private concreteParents(qn: string): ModelInfo[] {
    return this.directBasesInMro(qn).flatMap((b) => {
      const m = this.models.get(b);
      return m && !m.isAbstract ? [m] : [];
    });
  }

  private directBasesInMro(qn: string): string[] {
    const direct = new Set(this.ctx.hierarchy.projectBases(qn));
    return this.ctx.hierarchy.mro(qn).filter((c) => direct.has(c));
  }
}

interface NearestMember {
  facts: MemberQueryFacts;
  kind: "property" | "method";
  path: string;
}

/**
 * The members that query about the row whenever they are read: their own query reads `self`, or they
 * call (or, for a property, read) another member of the class, nearest definition, that does, or they
 * hand row values (`self.start`) to a helper whose query reads its parameters. Two calls deep at most.
 */
function queryingMembersOf(nearest: ReadonlyMap<string, NearestMember>): Map<string, QueryingMember> {
  const out = new Map<string, QueryingMember>();
  const resolve = (name: string, depth: number, seen: ReadonlySet<string>): Omit<QueryingMember, "kind"> | undefined => {
    const member = nearest.get(name);
    if (!member) return undefined;
    const { query, calls } = member.facts;
    if (query?.readsSelf) return { label: query.label, path: member.path, line: query.line, via: [], ...(query.selfRoot ? { selfRoot: query.selfRoot } : {}) };
    if (depth >= 2) return undefined;
    for (const call of calls ?? []) {
      if (seen.has(call.name)) continue;
      const target = nearest.get(call.name);
      if (!target || (call.read && target.kind !== "property") || (!call.read && target.kind === "property")) continue;
      const tq = target.facts.query;
      if (tq && !tq.readsSelf && tq.readsParams && call.argsReadSelf && !tq.selfRoot) {
        return { label: tq.label, path: target.path, line: tq.line, via: [call.name] };
      }
      const deeper = resolve(call.name, depth + 1, new Set([...seen, call.name]));
      if (deeper) return { ...deeper, via: [call.name, ...deeper.via] };
    }
    return undefined;
  };
  for (const [name, member] of nearest) {
    const found = resolve(name, 0, new Set([name]));
    if (found) out.set(name, { kind: member.kind, ...found });
  }
  return out;
}
