/**
 * The relation paths a serializer walks for each row it renders (issue 9, DJP306): nested serializers,
 * `source="a.b"`, related fields that are more than a primary key, many-valued relations named in
 * `Meta.fields`, and `Meta.depth`. Each path is what `select_related` / `prefetch_related` would have
 * to name (`author__profile`) to render a page of rows in a fixed number of queries.
 *
 * What cannot be read is left out: the walk lists only relations it can prove. Method fields are not
 * followed; a property is followed one level, to the forward relations of `self` it reads. A part of the rendering the walk cannot read makes the whole walk blind
 * only at the top (the serializer the view names replaces `to_representation`, eager-loads for
 * itself, renders another model); below a relation it is `partial` (nothing past that relation is
 * proven, the relation itself is). A foreign base, or a `to_representation` that starts from
 * `super().to_representation(instance)`, leaves what it may add `unchecked` (the fields the project
 * declares are still walked).
 */
import type { ModelInfo, ProjectIndex } from "../types.js";
import type { SerializerField, SerializerInfo } from "./types.js";
import type { LoadFacts } from "./loads.js";
import { codeSpan } from "../../markdown-safe.js";

export interface WalkedPath {
  /** Django lookup path: `author`, `items__product`. */
  path: string;
  /** The last hop is many-valued (reverse FK, M2M): only prefetch_related loads it. */
  many: boolean;
  /** The serializer field that walks it (`OrderSerializer.customer`). */
  via: string;
  /** Where that field is declared (or the serializer, for `Meta.fields` / depth). */
  path_: string;
  line: number;
}

export interface SerializerWalk {
  paths: WalkedPath[];
  /** Reasons parts of the rendering could not be read (an auto-prefetch base, a foreign base class). */
  blind: string[];
  /**
   * Nested serializers that render a model whose bases the index cannot read (a `User` subclass of
   * `django.contrib.auth`'s): the paths beyond `prefix` (`notes__author__`) need that model's fields,
   * the relation reaching it (`notes__author`) does not. See provenPaths. `reason` does not name the prefix.
   */
  partial: { prefix: string; reason: string }[];
  /**
   * Fields the walk did not read, without casting doubt on the paths it did walk: what a serializer's
   * base from an installed package may add, a nested field that reads its own attribute.
   */
  unchecked: string[];
}

const MAX_NESTING = 4;

type Hop = { name: string; many: boolean; target?: ModelInfo };
/** The path walked so far (`items__`) and whether a many-valued hop is on it. */
type Prefix = { path: string; many: boolean };

function extend(prefix: Prefix, hops: Hop[]): Prefix {
  return { path: `${prefix.path}${hops.map((h) => h.name).join("__")}__`, many: prefix.many || hops.some((h) => h.many) };
}

export function serializerWalk(index: ProjectIndex, serializerQn: string, modelQn: string): SerializerWalk {
  const out: SerializerWalk = { paths: [], blind: [], partial: [], unchecked: [] };
  walk(index, serializerQn, modelQn, { path: "", many: false }, out, 0, new Set(), { kind: "top" });
  const seen = new Set<string>();
  out.paths = out.paths.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
  return out;
}

/**
 * How the serializer being walked gets its object: it is the one the view names (`top`), it renders the
 * object behind a relation (`nested`), or a field with `source="*"` hands it the parent's own object
 * (`whole`, with that field's name): what it cannot read then hides only what it reads itself.
 */
type Reached = { kind: "top" } | { kind: "nested" } | { kind: "whole"; field: string };

function walk(index: ProjectIndex, serializerQn: string, modelQn: string, prefix: Prefix, out: SerializerWalk, level: number, stack: Set<string>, reached: Reached): void {
  const ser = index.drf.serializers.get(serializerQn);
  const model = index.models.get(modelQn);
  if (!ser || !model || level > MAX_NESTING || stack.has(serializerQn)) return;
  if (ser.autoPrefetch) out.blind.push(`${ser.name} eager-loads for itself`);
  // At the top the whole rendering depends on what cannot be read; below a relation, only what is past
  // that relation: the parent's field still reads the relation to hand its rows to this serializer.
  // Under `source="*"` the parent's other fields are rendered all the same: only this field is unknown.
  const unreadable = (reason: string): void => {
    if (reached.kind === "top") out.blind.push(reason);
    else if (reached.kind === "whole") out.unchecked.push(`${codeSpan(reached.field)} (${codeSpan('source="*"')}): ${reason}`);
    else out.partial.push({ prefix: prefix.path, reason });
  };
  if (ser.model && ser.model !== modelQn) {
    const rendered = index.models.get(ser.model);
    unreadable(`${codeSpan(ser.name)} is for ${codeSpan(rendered?.name ?? ser.model)}, rendered with ${codeSpan(model.name)} rows`);
    return;
  }
  // The listed model's own fields are what they say whatever its unreadable bases add (a field declared
  // on the class wins); only names it does not declare may be relations of such a base. Below the top,
  // what lies past the relation is unknown as before.
  if (!model.complete && reached.kind === "top") out.unchecked.push(`fields ${codeSpan(model.name)} may get from base classes the index could not read`);
  else if (!model.complete) unreadable(`${codeSpan(model.name)} has base classes the index could not read`);
  // An override that replaces the rendering reads what it likes; one that starts from
  // super().to_representation(instance) still renders every declared field, plus what it adds.
  if (ser.representation === "replaces") {
    unreadable(`${codeSpan(ser.name)} overrides ${codeSpan("to_representation")}`);
    return;
  }
  if (ser.representation === "extends") out.unchecked.push(`what ${codeSpan(`${ser.name}.to_representation`)} adds`);
  // A base from an installed package may add fields or build Meta's differently: only the fields the
  // project declares are proven rendered (DRF renders every declared readable field).
  const foreign = ser.foreignBases.length > 0;
  if (foreign) out.unchecked.push(`fields ${codeSpan(ser.name)} may get from ${ser.foreignBases.map((b) => codeSpan(b)).join(", ")}`);
  stack.add(serializerQn);
  for (const name of renderedNames(ser, model)) {
    const declared = ser.declared.get(name);
    if (declared) declaredField(index, ser, declared, model, prefix, out, level, stack);
    else if (ser.model && !foreign && !propertyField(index, ser, name, ser.line, model, prefix, out)) modelField(index, ser, name, model, prefix, ser.depth, out, level);
  }
  stack.delete(serializerQn);
}

/**
 * A nested serializer that decides itself how it reads the parent's attribute (`get_attribute`,
 * `many_init`) or, with `many=True`, renders through its own list serializer: the relation the field
 * names may not be read as DRF reads it. Undefined when DRF's own reading applies.
 */
function ownReading(nested: SerializerInfo | undefined, many: boolean): string | undefined {
  if (!nested) return undefined;
  if (nested.methods.has("get_attribute")) return `${codeSpan(nested.name)} overrides ${codeSpan("get_attribute")}`;
  if (many && nested.methods.has("many_init")) return `${codeSpan(nested.name)} overrides ${codeSpan("many_init")}`;
  if (many && nested.listSerializer) return `${codeSpan(nested.name)} renders lists with its own ${codeSpan("list_serializer_class")}`;
  return undefined;
}

/** Field names rendered: `Meta.fields`, or every model field minus `exclude` for `__all__`, plus declared ones. */
function renderedNames(ser: SerializerInfo, model: ModelInfo): string[] {
  const declared = [...ser.declared.keys()];
  if (!ser.model) return declared;
  if (ser.fields === undefined) return declared;
  if (ser.fields === "__all__") {
    const all = [...model.fields.values()].filter((f) => !f.autoCreated || f.name === "id").map((f) => f.name);
    return [...new Set([...all, ...declared])].filter((n) => !ser.exclude.includes(n));
  }
  return ser.fields;
}

function declaredField(index: ProjectIndex, ser: SerializerInfo, field: SerializerField, model: ModelInfo, prefix: Prefix, out: SerializerWalk, level: number, stack: Set<string>): void {
  if (field.kind === "method" || field.writeOnly) return;
  if (field.ownSource) {
    const how = field.ownSource === "init" ? `sets its own ${codeSpan("source")}` : `overrides ${codeSpan("get_attribute")}`;
    out.unchecked.push(`${codeSpan(`${ser.name}.${field.name}`)}: ${codeSpan(field.fieldClass)} ${how}`);
    return;
  }
  const source = field.source ?? field.name;
  if (source.startsWith("?")) return;
  const own = field.kind === "nested" && field.serializer ? ownReading(index.drf.serializers.get(field.serializer), field.many) : undefined;
  if (own) {
    out.unchecked.push(`${codeSpan(`${ser.name}.${field.name}`)}: ${own}`);
    return;
  }
  if (source === "*") {
    if (field.kind === "nested" && field.serializer) walk(index, field.serializer, model.qualifiedName, prefix, out, level + 1, stack, { kind: "whole", field: `${ser.name}.${field.name}` });
    return;
  }
  if (field.kind === "plain" && !source.includes(".") && propertyField(index, ser, field.name, field.line, model, prefix, out, source)) return;
  const hops = hopsOf(index, model, source.split("."));
  if (hops.length === 0) return;
  const complete = hops.length === source.split(".").length;
  const last = hops[hops.length - 1];
  // What the field does with the last object: a nested serializer renders it, a pk-only related field
  // on a single FK reads the `_id` column, a plain field reads an attribute (the hop is loaded either way).
  let used = hops;
  if (complete && field.kind === "related" && field.pkOnly && !last?.many && !field.many) used = hops.slice(0, -1);
  if (complete && field.kind === "plain" && !last?.many) used = hops; // str(obj.author) still loads author
  record(out, ser, field.name, field.line, ser.path, prefix, used);
  if (field.kind === "nested" && field.serializer && complete && last?.target) {
    walk(index, field.serializer, last.target.qualifiedName, extend(prefix, hops), out, level + 1, stack, { kind: "nested" });
  }
}

function modelField(index: ProjectIndex, ser: SerializerInfo, name: string, model: ModelInfo, prefix: Prefix, depth: number, out: SerializerWalk, level: number): void {
  const hops = hopsOf(index, model, [name]);
  const hop = hops[0];
  if (!hop) return;
  // depth 0: ModelSerializer builds PrimaryKeyRelatedField: a forward FK costs nothing, a many-valued one a query per row.
  if (depth === 0) {
    if (hop.many || isReverseOne(model, name)) record(out, ser, name, ser.line, ser.path, prefix, hops);
    return;
  }
  record(out, ser, name, ser.line, ser.path, prefix, hops);
  const target = hop.target;
  if (!target || level > MAX_NESTING) return;
  // Nested by depth: every field of the target, one level less deep.
  for (const f of target.fields.values()) {
    if (f.autoCreated && f.name !== "id") continue;
    modelField(index, ser, f.name, target, extend(prefix, [hop]), depth - 1, out, level + 1);
  }
}

/**
 * A rendered name that is a property of the model reading a forward foreign key or one-to-one of `self`
 * (`first_name` returning `self.baseuser_ptr.first_name`, the index's `propertyHops`): every row loads
 * that relation (rotation set 13: a user model whose compatibility properties read a one-to-one to the
 * base user, so `select_related("user")` left a query per row). True when the name is such a property.
 */
function propertyField(index: ProjectIndex, ser: SerializerInfo, name: string, line: number, model: ModelInfo, prefix: Prefix, out: SerializerWalk, source = name): boolean {
  if (!model.properties.has(source) || model.fields.has(source)) return false;
  for (const hop of model.propertyHops?.get(source) ?? []) {
    const field = model.fields.get(hop);
    // A multi-table parent link builds the parent from the child's own columns: no query (Django 2.1+).
    if (!field || (field.kind !== "fk" && field.kind !== "o2o") || field.autoCreated || field.kwargs.parent_link === "True") continue;
    const target = field.target?.resolved ? index.models.get(field.target.model) : undefined;
    record(out, ser, name, line, ser.path, prefix, [{ name: hop, many: false, ...(target ? { target } : {}) }]);
  }
  return true;
}

function isReverseOne(model: ModelInfo, name: string): boolean {
  return model.reverse.get(name)?.kind === "reverse-o2o";
}

/** The relation hops of `a.b.c` from `model`, stopping at the first part that is not a relation. */
function hopsOf(index: ProjectIndex, model: ModelInfo, parts: string[]): Hop[] {
  const hops: Hop[] = [];
  let current: ModelInfo | undefined = model;
  for (const part of parts) {
    if (!current) break;
    const field = current.fields.get(part);
    if (field && (field.kind === "fk" || field.kind === "o2o" || field.kind === "m2m")) {
      const target: ModelInfo | undefined = field.target?.resolved ? index.models.get(field.target.model) : undefined;
      hops.push({ name: part, many: field.kind === "m2m", ...(target ? { target } : {}) });
      current = target;
      continue;
    }
    // A field the model declares is what the name reads: no reverse accessor can share it (Django's check E302).
    if (field) break;
    const reverse = current.reverse.get(part);
    if (reverse) {
      const target = index.models.get(reverse.fromModel);
      hops.push({ name: part, many: reverse.kind !== "reverse-o2o", ...(target ? { target } : {}) });
      current = target;
      continue;
    }
    break;
  }
  return hops;
}

function record(out: SerializerWalk, ser: SerializerInfo, field: string, line: number, path: string, prefix: Prefix, hops: Hop[]): void {
  for (let i = 1; i <= hops.length; i++) {
    const part = hops.slice(0, i);
    out.paths.push({ path: prefix.path + part.map((h) => h.name).join("__"), many: prefix.many || part.some((h) => h.many), via: `${ser.name}.${field}`, path_: path, line });
  }
}

/** The walked paths whose every hop is proven: none past a relation to a model the index cannot read in full. */
export function provenPaths(walk: SerializerWalk): WalkedPath[] {
  return walk.paths.filter((p) => !walk.partial.some((b) => p.path.startsWith(b.prefix)));
}

/** The walked paths that the view's eager loads do not cover (only the longest of each chain). */
export function missingPaths(walked: readonly WalkedPath[], loads: LoadFacts): WalkedPath[] {
  const covered = (p: WalkedPath): boolean => {
    if (loads.loads.some((l) => l === p.path || l.startsWith(`${p.path}__`))) return true;
    if (loads.opaque.some((o) => p.path === o || p.path.startsWith(`${o}__`))) return true;
    if (loads.toAttrs.includes(p.path.split("__")[0] ?? "")) return true;
    return loads.selectsAll && !p.many;
  };
  const missing = walked.filter((p) => !covered(p));
  // `author` and `author__profile` both missing: `select_related("author__profile")` loads both, name the longest.
  return missing.filter((p) => !missing.some((q) => q !== p && q.path.startsWith(`${p.path}__`)));
}
