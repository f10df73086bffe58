/**
 * The ProjectIndex: what djperf knows about the Django project beyond the file being analysed.
 * Built purely from source texts (never by importing or running the project). Anything that cannot be
 * resolved is left out or marked unknown, and rules stay silent on unknowns.
 */

import type { CeleryIndex } from "./celery.js";
import type { DrfIndex } from "./drf/types.js";
import type { SettingsIndex } from "./settings/index.js";
import type { Versions } from "./versions.js";
import type { MigrationHistory } from "./migrations/history.js";
import type { ReturnedChain } from "./returned-chains.js";
import type { LookupStats } from "./lookup-stats.js";
import type { CacheKeyIndex } from "./cache-keys.js";
import type { UploadCapIndex } from "./upload-caps.js";
import type { CallerIndex } from "./callers.js";
import type { CommandRunIndex } from "./command-runs.js";

export type FieldKind = "fk" | "o2o" | "m2m" | "generic-fk" | "generic-relation" | "concrete";

/** A reference to a model as written: resolved when the index could prove which model it is. */
export type ModelRef = { resolved: true; model: string } | { resolved: false; raw: string };

export interface FieldInfo {
  name: string;
  /** The field class as written, last dotted part: `ForeignKey`, `CharField`, `TreeForeignKey`. */
  fieldClass: string;
  /**
   * The library class the field is (or its project class extends), as imported: `django.db.models.JSONField`,
   * `jsonfield.JSONField`. Undefined when the imports do not show it.
   */
  origin?: string;
  kind: FieldKind;
  /** Keyword arguments, value as source text (`"null": "True"`, `"related_name": "'items'"`). */
  kwargs: Record<string, string>;
  /** For fk/o2o/m2m: the target model. */
  target?: ModelRef;
  /** Literal related_name / related_query_name when given as a string literal; "+" disables the reverse accessor. */
  relatedName?: string;
  /** kwargs null=True (literal). */
  nullable: boolean;
  /** Qualified name of the model class whose body declares this field (an abstract base for inherited fields). */
  declaredOn: string;
  path: string;
  line: number;
  /** Added by Django, not written in the source: the implicit `id` primary key, a multi-table `<parent>_ptr`. */
  autoCreated?: boolean;
}

export type ReverseKind = "reverse-fk" | "reverse-o2o" | "reverse-m2m";

export interface ReverseRelation {
  /** Attribute name on instances: related_name, or `<model>_set` (fk/m2m), or `<model>` (o2o). */
  accessor: string;
  kind: ReverseKind;
  /** Qualified name of the model that declares the relation field. */
  fromModel: string;
  fromField: string;
}

/** A method that returns a QuerySet: the summary of its returns (`returned-chains.ts`) with its root resolved. */
export interface QueryMethod extends Omit<ReturnedChain, "root"> {
  /**
   * Whose rows: the manager's own (`own`), a manager of a model (no `model`: the model a classmethod is
   * called on, its `cls`), or a relation of the row the method is called on.
   */
  rows: { k: "own" } | { k: "manager"; model?: string; manager: string } | { k: "relation"; attr: string };
  /** Manager methods: defined on the QuerySet class (`as_manager`, `from_queryset`), so still there after filter(). */
  onQuerySet?: boolean;
}

export interface ManagerInfo {
  /** Attribute name on the model class (`objects`, `active`). */
  name: string;
  /** Manager / QuerySet class as written (`OrderManager`, `OrderQuerySet.as_manager()`), if any. */
  className?: string;
  /** Paths the manager's get_queryset() eager-loads (select_related / prefetch_related literal args). */
  eagerLoads: string[];
  /** get_queryset() calls select_related() with no arguments (follows every non-null FK). */
  selectsAllRelated: boolean;
  /** Custom methods of the manager / QuerySet class that return its rows refined (`active()`). */
  queryMethods?: Map<string, QueryMethod>;
}

export interface IndexInfo {
  fields: string[];
  name?: string;
  /** `Index`, `GinIndex`, `UniqueConstraint`, `unique_together`, … */
  kind: string;
  hasCondition: boolean;
}

/** A member of a model whose every read runs a query about the row. */
export interface QueryingMember {
  kind: "property" | "method";
  /** The query's shape (`Case.objects.filter().count()`). */
  label: string;
  /** Module path and 1-based line of the query. */
  path: string;
  line: number;
  /** Members passed through on the way to the query (`["count_in_range"]`). */
  via: string[];
  /** The query is rooted at `self.<selfRoot>`: a rule checks that it names a related manager. */
  selfRoot?: string;
}

export interface ModelInfo {
  name: string;
  /** `<module>.<Name>`, e.g. `shop.models.Order`: the key used everywhere. */
  qualifiedName: string;
  module: string;
  /** Django app label guess: the package that holds models.py / models/ (last dotted part), or Meta.app_label. */
  appLabel: string;
  path: string;
  line: number;
  /** Base class expressions as written. */
  bases: string[];
  /** Qualified names of project base classes that were resolved (models and mixins). */
  resolvedBases: string[];
  isAbstract: boolean;
  isProxy: boolean;
  /** False when a base could not be resolved to Model / a project class: fields may be missing. */
  complete: boolean;
  /** All fields, inherited ones (abstract bases, mixins, concrete parents) merged in; own fields win. */
  fields: Map<string, FieldInfo>;
  /** Reverse accessors from other models pointing here. */
  reverse: Map<string, ReverseRelation>;
  managers: Map<string, ManagerInfo>;
  meta: {
    ordering?: string[];
    indexes: IndexInfo[];
    dbTable?: string;
  };
  /** The class defines save() (bulk operations would skip it). */
  overridesSave: boolean;
  /**
   * Listed library bases (library-saves.ts) whose save() does more than the write, nearest first, with
   * what it does: bulk_create skips it. Absent when none.
   */
  librarySaves?: { base: string; does: string }[];
  /** Library bases (resolved dotted names) whose save() the index cannot see and that are not listed as neutral. */
  unseenSaveBases?: string[];
  /**
   * Libraries that act on every save of this model (`django-simple-history` through a
   * HistoricalRecords attribute, `django-reversion` / `django-auditlog` / `django-watson` registrations):
   * bulk writes bypass them.
   */
  tracking: string[];
  /** Methods and properties defined on the class (own and inherited from project bases). */
  methods: Set<string>;
  /** Methods (own or inherited, nearest definition) that always call `self.save(...)`: one write per call. */
  savingMethods?: Set<string>;
  properties: Set<string>;
  /**
   * Properties (nearest definition) that walk through attributes of `self` (`self.release.version`):
   * reading one per row loads each such foreign key lazily (DJP101). Names only; the rule checks the fields.
   */
  propertyHops?: Map<string, string[]>;
  /** Methods taking only `self` (nearest definition) that walk through attributes of `self`, as `propertyHops`. */
  methodHops?: Map<string, string[]>;
  /** Methods (nearest definition) that return a QuerySet: `Msg.for_org(org)`, `channel.recent_syncs()`. */
  queryMethods?: Map<string, QueryMethod>;
  /**
   * Properties and methods (nearest definition) that run a query about the row whenever they are read
   * (`slot.remaining_capacity` counting the slot's bookings), directly or through another member of
   * the class they hand row values to (member-queries.ts).
   */
  queryingMembers?: Map<string, QueryingMember>;
  /** Auto-prefetch style mitigation: base chain reaches auto_prefetch.Model. */
  autoPrefetch: boolean;
  /** One of Django's own models (`auth.User`, `builtin-models.ts`): not the project's, no file of the project declares it. */
  builtin?: boolean;
}

export interface ProjectIndex {
  /** Celery tasks, their queues and routes (RULES.md §3 "C"); Celery settings are in `settings.celery`. */
  celery: CeleryIndex;
  /** DRF views and serializers, linked to each other and to the models (issue 9). */
  drf: DrfIndex;
  /** Settings modules, the production one, and setting values (env-driven = unknown). */
  settings: SettingsIndex;
  /** Package versions from requirements / pyproject / lock files. */
  versions: Versions;
  models: ReadonlyMap<string, ModelInfo>;
  /** Every qualified name of classes the index knows of (models, mixins, managers), for resolution. */
  classes: ReadonlySet<string>;
  /** Known module names (from file paths), for import resolution. */
  modules: ReadonlySet<string>;
  /** Models whose post_save/pre_save receivers exist (qualified names), from `@receiver(..., sender=M)`. */
  modelsWithSaveSignals: ReadonlySet<string>;
  /** pre_save / post_save receivers without a sender (`path:line`): they run for every model's save. */
  globalSaveReceivers: readonly string[];
  /** `settings.AUTH_USER_MODEL` value when it is a literal, e.g. `accounts.User`. */
  authUserModel?: string;
  /** The label `get_user_model()` stands for: `authUserModel`, or `auth.User` when the settings leave it unset. */
  userModel?: string;
  /** Resolve `"app.Model"` / `"Model"` (with the referring module for `"Model"`) to a qualified name. */
  resolveModelLabel(label: string, fromModule: string): string | undefined;
  /** Resolve a dotted import target (`shop.models.Order`, possibly with a shorter or longer package prefix). */
  resolveQualified(dotted: string): string | undefined;
  /** Cache key families the project invalidates, and its key-building helpers (DJP402). */
  cacheKeys: CacheKeyIndex;
  /** Upload size caps of forms, serializers and validators across modules (DJP504). */
  uploadCaps: UploadCapIndex;
  /**
   * The calls of each module-level function across the read modules, when they are all its callers
   * (`callers.ts`): parameters typed from callers in other modules. Absent: nothing is known.
   */
  callers?: CallerIndex;
  /** Management commands that schedules, deployment files or the project's code run (command-runs.ts). Absent: nothing is known. */
  commands?: CommandRunIndex;
  /** Qualified names of the project's middleware classes that time each request and log it (request-timers.ts). */
  requestTimers?: readonly string[];
  /**
   * The model of the row a class's property returns (`self.round` → `tournaments.models.Round`), the
   * nearest definition along the class's MRO deciding; undefined when unknown or not a property.
   */
  propertyRow?(classQn: string, name: string): string | undefined;
  /** Migration history per app, replayed to the state before any migration (RULES.md §3 "H"). */
  migrations: MigrationHistory;
  /** Build diagnostics (unresolved bases, ambiguous names), for --verbose output. */
  notes: string[];
  /**
   * Repository-wide lookup counts per model and the index advice they give (DJP211). Counted over the
   * files passed as lookup sources; empty (`files: 0`) when none were.
   */
  lookups: LookupStats;
}
