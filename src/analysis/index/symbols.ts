/**
 * Name resolution across the project's modules, on extracted facts only.
 *
 * Module names come from paths, but absolute imports may use a shorter package prefix than the path
 * (`src/backend/InvenTree/order/models.py` imported as `order.models`). A dotted name is therefore
 * matched exactly first, then by dotted suffix when exactly one module ends with it; an ambiguous
 * suffix resolves to nothing.
 */
import type { Expr } from "./expr.js";
import type { ClassFacts, ModuleFacts } from "./facts.js";
import type { Notes } from "./notes.js";

export type Resolved =
  | { kind: "class"; qn: string; cls: ClassFacts; mod: ModuleFacts }
  | { kind: "module"; mod: ModuleFacts }
  /** Outside the project (Django, a library), or a project name that could not be proven otherwise. */
  | { kind: "external"; dotted: string }
  /** A module-level assignment that is not a plain alias (`User = get_user_model()`). */
  | { kind: "value"; mod: ModuleFacts; expr: Expr };

/** Names that need no import. Only the ones that appear as bases or aliases matter here. */
const BUILTINS = new Set(["object", "type", "dict", "list", "set", "tuple", "str", "int", "Exception"]);

/** Aliases and re-exports chain; anything deeper than this is a cycle or not worth following. */
const MAX_DEPTH = 24;

export class Symbols {
  readonly modules = new Map<string, ModuleFacts>();
  private readonly suffixes = new Map<string, string[]>();
  private readonly lookups = new Map<string, Resolved | undefined>();

  constructor(
    facts: Iterable<ModuleFacts>,
    private readonly notes: Notes,
  ) {
    for (const mod of facts) {
      if (this.modules.has(mod.module)) {
        notes.add(`${mod.path}: module ${mod.module} is defined twice; the first file is used`);
        continue;
      }
      this.modules.set(mod.module, mod);
    }
    for (const [name, mod] of this.modules) {
      // Django's own modules are matched by their full name only: a project's `auth/models.py` keeps `auth.models`.
      if (mod.builtin) continue;
      const parts = name.split(".");
      for (let i = 1; i < parts.length; i++) {
        const suffix = parts.slice(i).join(".");
        const list = this.suffixes.get(suffix);
        if (list) list.push(name);
        else this.suffixes.set(suffix, [name]);
      }
    }
  }

  /** The class with this qualified name (`shop.models.Order`). */
  classByQn(qn: string): { cls: ClassFacts; mod: ModuleFacts } | undefined {
    const dot = qn.lastIndexOf(".");
    const mod = this.modules.get(qn.slice(0, dot));
    const cls = mod?.classes.get(qn.slice(dot + 1));
    return mod && cls ? { cls, mod } : undefined;
  }

  findModule(dotted: string): { mod: ModuleFacts; exact: boolean } | "ambiguous" | undefined {
    const exact = this.modules.get(dotted);
    if (exact) return { mod: exact, exact: true };
    const candidates = this.suffixes.get(dotted);
    if (!candidates) return undefined;
    if (candidates.length > 1) return "ambiguous";
    const mod = this.modules.get(candidates[0] ?? "");
    return mod ? { mod, exact: false } : undefined;
  }

  /** A dotted name as written in `mod` (`Order`, `models.ForeignKey`); `extraImports` shadow module imports. */
  resolveIn(mod: ModuleFacts, dotted: string, extraImports?: ReadonlyMap<string, string>, depth = 0): Resolved | undefined {
    const [head = "", ...rest] = dotted.split(".");
    const imported = extraImports?.get(head);
    let r = imported !== undefined ? this.resolveDotted(imported, depth + 1) : this.lookup(mod, head, depth);
    for (const part of rest) {
      if (!r) return undefined;
      r = this.member(r, part, depth);
    }
    return r;
  }

  /** A fully dotted import target (`shop.models.Order`, `django.db.models.Model`). */
  resolveDotted(dotted: string, depth = 0): Resolved | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const parts = dotted.split(".");
    for (let i = parts.length; i >= 1; i--) {
      const prefix = parts.slice(0, i).join(".");
      const found = this.findModule(prefix);
      if (found === undefined) continue;
      if (found === "ambiguous") {
        this.notes.add(`import ${dotted}: several modules end with ${prefix}; left unresolved`);
        return undefined;
      }
      let r: Resolved | undefined = { kind: "module", mod: found.mod };
      for (const part of parts.slice(i)) {
        r = r && this.member(r, part, depth + 1);
      }
      // A suffix match can be a coincidence (a project `proj/celery.py` vs the `celery` package): when the
      // name is not found there, the import is most likely a library's.
      // Django's own modules describe only their models: any other name there (`AbstractUser`) is the library's.
      if (!r && (!found.exact || found.mod.builtin)) return { kind: "external", dotted };
      return r;
    }
    return { kind: "external", dotted };
  }

  /**
   * A module-level name in `mod`. Memoised per (module, name), with a placeholder while in progress:
   * star-import cycles are common, and without it a missing name would be searched exponentially.
   */
  private lookup(mod: ModuleFacts, name: string, depth: number): Resolved | undefined {
    const key = `${mod.module}\0${name}`;
    if (this.lookups.has(key)) return this.lookups.get(key);
    if (depth > MAX_DEPTH) return undefined;
    this.lookups.set(key, undefined);
    const r = this.lookupUncached(mod, name, depth);
    this.lookups.set(key, r);
    return r;
  }

  private lookupUncached(mod: ModuleFacts, name: string, depth: number): Resolved | undefined {
    const cls = mod.classes.get(name);
    if (cls) return { kind: "class", qn: `${mod.module}.${name}`, cls, mod };
    const value = mod.assigns.get(name);
    if (value) {
      // `Customer = CustomerModel` is an alias; anything else is a value the caller may interpret.
      if (value.t === "name" && value.dotted !== name) return this.resolveIn(mod, value.dotted, undefined, depth + 1);
      return { kind: "value", mod, expr: value };
    }
    const target = mod.imports.names.get(name);
    if (target !== undefined) return this.resolveDotted(target, depth + 1);
    if (!name.startsWith("_")) {
      for (const star of mod.imports.starModules) {
        const found = this.findModule(star);
        if (found === undefined || found === "ambiguous") continue;
        const r = this.lookup(found.mod, name, depth + 1);
        if (r) return r;
      }
    }
    if (BUILTINS.has(name)) return { kind: "external", dotted: `builtins.${name}` };
    return undefined;
  }

  private member(r: Resolved, part: string, depth: number): Resolved | undefined {
    switch (r.kind) {
      case "external":
        return { kind: "external", dotted: `${r.dotted}.${part}` };
      case "module": {
        const local = this.lookup(r.mod, part, depth + 1);
        if (local) return local;
        const sub = this.modules.get(`${r.mod.module}.${part}`);
        if (sub) return { kind: "module", mod: sub };
        // `auth_models.AbstractUser` through `from django.contrib.auth import models as auth_models`.
        return r.mod.builtin ? { kind: "external", dotted: `${r.mod.module}.${part}` } : undefined;
      }
      default:
        // Attributes of project classes and values (`Order.Meta`, `settings.X` on a value) are not modelled.
        return undefined;
    }
  }
}
