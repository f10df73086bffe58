/**
 * What the index reads out of one Python file before its tree is dropped: plain data, enough to
 * resolve names and build models across modules afterwards.
 */
import type { MemberQueryFacts } from "./member-queries.js";
import type { ComposeService } from "./settings/compose.js";
import type { Expr } from "./expr.js";
import type { ImportTable } from "../imports.js";
import type { SStmt } from "./settings/syntax.js";
import type { SettingsModuleRef, SourceLine } from "./settings/entry-points.js";
import type { CommandRun } from "./command-runs.js";
import type { VersionSpec } from "./versions.js";
import type { QuerysetBodyFacts, SerializerReturn } from "./drf/method-facts.js";
import type { ReturnedChain } from "./returned-chains.js";
import type { RemovedField } from "./drf/removed-fields.js";
import type { RegistryFacts } from "./drf/registry.js";
import type { BodyBound } from "./drf/bound.js";
import type { PropertyRow } from "./property-rows.js";

export interface ModuleFacts {
  path: string;
  module: string;
  isPackage: boolean;
  imports: ImportTable;
  /** Module-level classes by name (a later definition replaces an earlier one, as in Python). */
  classes: Map<string, ClassFacts>;
  /** Module-level `NAME = <expr>` assignments (last one wins), for aliases and settings values. */
  assigns: Map<string, Expr>;
  receivers: ReceiverFacts[];
  /** `reversion.register(Order)`, `auditlog.register(Order)`: models an audit or search library tracks. */
  registrations: RegistrationFacts[];
  /** The file had syntax errors: facts were read from the parts tree-sitter recovered. */
  hasErrors: boolean;
  /** Module-level code of settings modules and Celery app modules, for the settings evaluator. */
  settingsCode?: SStmt[];
  /** Module-level functions whose returns start at a manager or a helper call (QuerySet helpers for DRF views). */
  functionChains?: Map<string, QuerysetBodyFacts>;
  /** Function registries: getters, setters and module-level registrations (drf/registry.ts). */
  registry?: RegistryFacts;
  /** `DJANGO_SETTINGS_MODULE` defaults this file sets (wsgi.py, manage.py, celery.py). */
  settingsRefs?: SettingsModuleRef[];
  /** One of Django's own model modules described by djperf (`builtin-models.ts`), not a project file. */
  builtin?: boolean;
}

/** What the index reads from a non-Python project file (requirements, lock files, Dockerfiles). */
export interface ProjectFileFacts {
  path: string;
  versionSpecs: VersionSpec[];
  settingsRefs: SettingsModuleRef[];
  /** Lines that start a Celery worker with task events on (`celery … worker -E`). */
  workerEvents: SourceLine[];
  /** Shell scripts a deployment file runs (entry-points.ts scriptsRun). */
  scriptsRun?: string[];
  /** Management commands the file runs (a schedule, a job template, a deployment step: command-runs.ts). */
  commandRuns?: CommandRun[];
  /** A compose file's services: which run the web server and what they mount (DJP602). */
  composeServices?: ComposeService[];
}

export interface ClassFacts {
  name: string;
  line: number;
  /** Positional base expressions (keyword arguments such as `metaclass=` are not bases). */
  bases: Expr[];
  /** Class-body `name = <expr>` assignments in source order. */
  attrs: ClassAttr[];
  meta?: MetaFacts;
  /** Plain methods (not properties), in source order. */
  methods: string[];
  /** A field class's `__init__` passes these literal keywords to `super().__init__` (field-init.ts): `{"unique": "True"}`. */
  superInitKwargs?: Record<string, string>;
  /** `@property` / `@cached_property` methods and `x = property(...)` attributes. */
  properties: string[];
  /**
   * Methods whose body calls `self.save(...)` as a statement of its own top level (not under an
   * if/for/try): every call of the method writes the row.
   */
  savingMethods?: string[];
  /** Properties and the attributes of `self` they walk through (`version` → `["release"]` for `self.release.version`). */
  propertyHops?: Record<string, string[]>;
  /** Methods taking only `self` and the attributes of `self` they walk through, as for properties. */
  methodHops?: Record<string, string[]>;
  /** Members whose normal path runs a query or calls other members (member-queries.ts). */
  memberQueries?: Record<string, MemberQueryFacts>;
  /** Properties whose every return is one row of the same named model (`property-rows.ts`). */
  propertyRows?: Record<string, PropertyRow>;
  /** Methods whose every return is a QuerySet chain on one root (custom manager/QuerySet methods, model helpers). */
  returnedChains?: Record<string, ReturnedChain>;
  /** Present when the class defines `get_queryset`: what its return value eager-loads. */
  getQueryset?: EagerFacts;
  /** Present when the class defines `get_queryset`: where its returned chains start (DRF views). */
  querysetBody?: QuerysetBodyFacts;
  /** Present when the class defines `filter_queryset` (a DRF filter backend): the key lookups of its list returns (drf/pinned-keys.ts). */
  filterPins?: string[][];
  /** A view's own `filter_queryset(self, queryset)` whose every return lists one user's or one URL parent's rows (drf/bound.ts). */
  filterBound?: BodyBound;
  /** A filter backend's `filter_queryset(self, request, queryset, view)` narrows every return to one user's or one URL parent's rows (`view.kwargs`). */
  backendBound?: BodyBound;
  /** Methods (other than get_queryset) whose returns start at a manager, self, super() or a helper call. */
  methodChains?: Map<string, QuerysetBodyFacts>;
  /** Fields a serializer removes in `get_fields` / `__init__`, with the guarding conditions (drf/removed-fields.ts). */
  removedFields?: RemovedField[];
  /** Serializers: nested serializers `build_relational_field` picks per model field (`if field_name == "notes": return NoteSerializer, {"many": True}`). */
  relationalFields?: { name: string; serializer: string; many: boolean; line: number }[];
  /**
   * Properties and methods taking only `self` that read the URL's arguments (`self.kwargs`): a nested
   * view's parent object (`self.order`, `self.get_order()`; drf/bound.ts).
   */
  urlProperties?: string[];
  /**
   * Properties and methods taking only `self` that read who asks: the request's user or session
   * (`self.get_committee_uuid()` returning `self.request.session.get("committee_uuid")`; drf/bound.ts).
   */
  userProperties?: string[];
  /** Properties that return the view's serializer model (`return self.get_serializer_class().Meta.model`). */
  serializerModelProperties?: string[];
  /**
   * Present when the class defines `to_representation`: true when it first renders the row through
   * `super().to_representation(instance)` (every declared field still rendered; drf/representation.ts).
   */
  representationExtends?: boolean;
  /** The class's `__init__` sets the field's `source` itself (`kwargs["source"] = "*"`; drf/own-source.ts). */
  initSetsSource?: boolean;
  /** Present when the class defines `list`: it renders `get_queryset()` with `get_serializer()` as DRF's does (drf/list-facts.ts). */
  listRendersViewRows?: boolean;
  /** Present when the class's `list` pages on one path and renders the unpaged rows on another: that call's line (drf/list-facts.ts). */
  listUnpagedLine?: number;
  /** The class's `list` calls `super().list(...)` on some path. */
  listCallsSuper?: true;
  /** A permission class whose `has_permission` lets only staff through: the flag it requires (`request.user.is_staff`; drf/permission-facts.ts). */
  staffOnly?: string;
  /** An authentication class whose `authenticate` admits only a service client: every return is `(AnonymousUser(), credentials)` (drf/permission-facts.ts). */
  serviceAuth?: true;
  /** The class's `list()` never reaches the view's serializer (`return Response([])`). */
  listWithoutSerializer?: true;
  /** Present when the class defines `get_serializer_class`: the class names it returns (null: not all plain names). */
  serializerClassReturns?: SerializerReturn[] | null;
  /** Libraries whose class decorator registers this class (`@reversion.register()`). */
  registeredWith?: string[];
  /** `from m import X` in the class body: local name to absolute dotted path (extract-class.ts). */
  bodyImports?: Record<string, string>;
}

/** A model registered with a library that records every save (history, audit log, search index). */
export interface RegistrationFacts {
  library: string;
  target: Expr;
  line: number;
  /** Imports and assignments of the enclosing function (`register(Note)` inside `ready()`). */
  localImports: Map<string, string>;
  localAssigns: Map<string, Expr>;
}

export interface ClassAttr {
  name: string;
  line: number;
  value: Expr;
}

export interface MetaFacts {
  /** `class Meta(Base.Meta)`: explicit Meta inheritance. */
  bases: Expr[];
  attrs: Map<string, Expr>;
}

export interface EagerFacts {
  /** select_related / prefetch_related string arguments (and `Prefetch("path")` lookups). */
  loads: string[];
  /** `select_related()` with no arguments. */
  selectsAll: boolean;
  /** The chain starts at `super().get_queryset()`: the parent manager's eager loads apply too. */
  callsSuper: boolean;
}

export type SaveSignal = "pre_save" | "post_save";

export interface ReceiverFacts {
  signal: SaveSignal;
  /** The sender expression; undefined when the receiver listens to every model. */
  sender?: Expr;
  line: number;
  /** Imports local to the enclosing function (`from .models import Order` inside `ready()`). */
  localImports: Map<string, string>;
  /** Simple assignments in the enclosing function (`Order = self.get_model("Order")`). */
  localAssigns: Map<string, Expr>;
}
