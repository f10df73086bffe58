/**
 * A readable plain-object view of a ProjectIndex: for golden tests and `--verbose` dumps. One line of
 * text per field / accessor / manager / index, so a diff shows exactly what changed.
 */
import type { FieldInfo, IndexInfo, ManagerInfo, ModelInfo, ProjectIndex, ReverseRelation } from "./types.js";

export interface ModelSummary {
  app: string;
  flags: string[];
  bases: string[];
  fields: Record<string, string>;
  reverse: Record<string, string>;
  managers: Record<string, string>;
  meta: { ordering?: string[]; indexes?: string[]; dbTable?: string };
  methods: string[];
  properties: string[];
}

export interface IndexSummary {
  models: Record<string, ModelSummary>;
  modelsWithSaveSignals: string[];
  authUserModel?: string;
}

export function summariseIndex(index: ProjectIndex): IndexSummary {
  const models: Record<string, ModelSummary> = {};
  for (const qn of [...index.models.keys()].sort()) {
    const model = index.models.get(qn);
    // Django's own models (builtin-models.ts) are djperf's description, the same in every project.
    if (model && !model.builtin) models[qn] = summariseModel(model);
  }
  return {
    models,
    modelsWithSaveSignals: [...index.modelsWithSaveSignals].sort(),
    ...(index.authUserModel !== undefined ? { authUserModel: index.authUserModel } : {}),
  };
}

export function summariseModel(model: ModelInfo): ModelSummary {
  const flags = [
    model.isAbstract && "abstract",
    model.isProxy && "proxy",
    !model.complete && "incomplete",
    model.overridesSave && "save()",
    model.autoPrefetch && "auto-prefetch",
    ...model.tracking.map((t) => `tracked by ${t}`),
  ].filter((f): f is string => typeof f === "string");
  const meta: ModelSummary["meta"] = {};
  if (model.meta.ordering) meta.ordering = model.meta.ordering;
  if (model.meta.indexes.length > 0) meta.indexes = model.meta.indexes.map(describeIndex);
  if (model.meta.dbTable) meta.dbTable = model.meta.dbTable;
  return {
    app: model.appLabel,
    flags,
    bases: model.resolvedBases,
    fields: mapValues(model.fields, (f) => describeField(f, model.qualifiedName)),
    reverse: mapValues(model.reverse, describeReverse),
    managers: mapValues(model.managers, describeManager),
    meta,
    methods: [...model.methods].sort(),
    properties: [...model.properties].sort(),
  };
}

/** `fk ForeignKey -> shop.models.Customer null related_name=orders (from core.models.Base)` */
export function describeField(field: FieldInfo, owner?: string): string {
  const parts = [field.kind, field.fieldClass];
  if (field.target) parts.push(`-> ${field.target.resolved ? field.target.model : `?${field.target.raw}`}`);
  if (field.nullable) parts.push("null");
  if (field.relatedName !== undefined) parts.push(`related_name=${field.relatedName}`);
  if (field.autoCreated) parts.push("auto");
  if (owner !== undefined && field.declaredOn !== owner) parts.push(`(from ${field.declaredOn})`);
  return parts.join(" ");
}

function describeReverse(rel: ReverseRelation): string {
  return `${rel.kind} ${rel.fromModel}.${rel.fromField}`;
}

function describeManager(m: ManagerInfo): string {
  const parts = [m.className ?? "(default)"];
  if (m.eagerLoads.length > 0) parts.push(`eager=${m.eagerLoads.join(",")}`);
  if (m.selectsAllRelated) parts.push("select_related()");
  return parts.join(" ");
}

function describeIndex(i: IndexInfo): string {
  return `${i.kind}(${i.fields.join(",")})${i.name ? ` ${i.name}` : ""}${i.hasCondition ? " conditional" : ""}`;
}

function mapValues<V>(map: ReadonlyMap<string, V>, fn: (v: V) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of map) out[k] = fn(v);
  return out;
}
