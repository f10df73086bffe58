/**
 * The DRF part of the ProjectIndex: views and viewsets, serializers, and the links between them and the
 * models (issue 9, "view ↔ serializer ↔ model graph"). Plain data; anything the index could not prove
 * is kept as an `unresolved` reason, never guessed.
 */
import type { Expr } from "../expr.js";
import type { LoadFacts } from "./loads.js";
import type { ManyCall } from "../many-calls.js";

export type SerializerFieldKind = "nested" | "related" | "method" | "plain";

export interface SerializerField {
  name: string;
  line: number;
  /** Field class as written, last dotted part (`UserSerializer`, `StringRelatedField`). */
  fieldClass: string;
  kind: SerializerFieldKind;
  /** For nested fields: the nested serializer (qualified name). */
  serializer?: string;
  many: boolean;
  /** `source="a.b"` as written; `*` for the whole object. */
  source?: string;
  /** For method fields: the method that computes the value (`get_<name>` or `method_name=`). */
  methodName?: string;
  /** Related fields that render the primary key only (no query for a forward FK: `author_id` is on the row). */
  pkOnly: boolean;
  /** Qualified name of the serializer class that declares the field. */
  declaredOn: string;
  /**
   * The field's class picks the object it renders itself (`__init__` sets `source`, or a plain field
   * overrides `get_attribute`): the field's name is not the attribute it reads.
   */
  ownSource?: "init" | "get_attribute";
  /** Never rendered (HiddenField, write_only=True): reads nothing per row. */
  writeOnly?: boolean;
}

export interface SerializerInfo {
  qn: string;
  name: string;
  path: string;
  line: number;
  /** `Meta.model` resolved to a model (qualified name). */
  model?: string;
  /** `Meta.model` written but not resolved. */
  modelUnresolved?: string;
  /** `Meta.fields`: names, `__all__`, or undefined when not a literal (then only declared fields are known). */
  fields?: string[] | "__all__";
  exclude: string[];
  depth: number;
  /** Declared fields, inherited ones merged in (a subclass's `x = None` removes `x`). */
  declared: Map<string, SerializerField>;
  /** A base from an eager-loading helper (drf-serializer-prefetch, `setup_eager_loading` style mixins). */
  autoPrefetch: boolean;
  /** A base outside DRF and the project whose behaviour is unknown (dynamic fields, expanders). */
  foreignBases: string[];
  /** `Meta.list_serializer_class` is set: with `many=True` the rows are rendered by that class. */
  listSerializer?: boolean;
  /** Methods the class (or a project base) defines: `to_representation` overrides change what is read. */
  methods: Set<string>;
  /** Each method's nearest definer in the MRO (qualified name): a subclass that inherits it runs the same body. */
  methodDefiners: Map<string, string>;
  /**
   * A project class on the MRO overrides `to_representation`: `extends` when every such override first
   * renders the row through `super().to_representation(instance)` (the declared fields are still
   * rendered; what the override adds is not read), `replaces` otherwise.
   */
  representation?: "extends" | "replaces";
  /** Fields removed in `get_fields` / `__init__` (the class's and its project bases'), with each removal's guards. */
  removedFields: Map<string, string[][]>;
  /** `S(rows, many=True)` calls of this class in the application modules (view functions, methods). */
  manyCalls?: ManyCall[];
  /**
   * Every application module was read and the class's name appears only as views' `serializer_class = X`,
   * its definition, imports and subclasses' bases (routes.ts `onlySerializerClass`): only the views that
   * name it (and their subclasses) render it.
   */
  onlyViewsRender?: true;
}

export interface ViewQueryset {
  /** The model whose rows the view lists (qualified name). */
  model: string;
  loads: LoadFacts;
  /**
   * Where the queryset is written: `queryset =` (line), `get_queryset` (its class and line), or DRF 2's
   * `model =` shortcut (the list is the model's default manager, `M._default_manager.all()`).
   */
  origin: { kind: "attr" | "get_queryset" | "model"; classQn: string; path: string; line: number };
}

/**
 * Why the rows a view lists are not known. `model` is set when the model still is: the view's own
 * `queryset = Order.objects...` names it although a base outside the project (a class chosen at
 * runtime, `BaseView = base_view_class()`) may change what it eager-loads.
 */
export interface UnresolvedQueryset {
  unresolved: string;
  model?: string;
}

export interface ViewInfo {
  qn: string;
  name: string;
  path: string;
  line: number;
  /** The base chain reaches a DRF list: ListModelMixin, ListAPIView, ModelViewSet, ... */
  listCapable: boolean;
  /**
   * An abstract base: no `queryset`, no `get_queryset` and no serializer model along its chain, and the
   * project never routes the class itself, only subclasses of it (routes.ts `onlySubclassed`). Its
   * subclasses are the views; what they inherit is reported on them.
   */
  abstractBase?: true;
  /**
   * Every chain the view's `get_queryset` returns ends in `.values()` / `.values_list()`: plain values, one
   * query, no model objects (a page of many such rows is cheap to build; DJP303).
   */
  valueRows?: true;
  /** `renderer_classes` names file renderers only (CSV, spreadsheet, PDF): the list is an export of every row. */
  fileRenderersOnly?: true;
  /** The queryset's model and eager loads, or why they are not known. */
  queryset: ViewQueryset | UnresolvedQueryset;
  /** The serializer used for the list, or why it is not known. */
  serializer: { qn: string; line?: number; path?: string } | { unresolved: string; candidates?: string[] };
  /**
   * Class attributes along the MRO (own first): pagination_class, filter_backends, ordering_fields, ...
   * `targets`: for a name or a literal list of names, what each name is imported from, resolved in the
   * module that writes it (a project class's qualified name, or a package's dotted path such as
   * `rest_framework.pagination.CursorPagination`); absent for other values or names that do not resolve.
   */
  attrs: Map<string, { value: Expr; classQn: string; path: string; line: number; targets?: string[] }>;
  /** The project classes of the view's chain, itself first (qualified names). */
  mro: readonly string[];
  /**
   * Never routed itself: the project mentions the class only as a base of subclasses (and in imports,
   * `super()`), never in a route or any other use (routes.ts `onlySubclassed`). Its subclasses are views
   * of their own; what they inherit is theirs to report.
   */
  unrouted?: true;
  /** DRF bases reached (last names): `ModelViewSet`, `ListAPIView`, `ListModelMixin`. */
  drfBases: string[];
  /** Methods defined along the project part of the chain (`list` overridden: the rendering is custom). */
  methods: Set<string>;
  /** Attributes a `@property` computes along the project part of the chain (`ordering_fields` per action). */
  properties?: Set<string>;
  /**
   * The nearest project `list()` override: `renders-rows` when it renders `get_queryset()` with
   * `get_serializer()` as DRF's own does (extra response keys only), `no-serializer` when it never reaches
   * the view's serializer (`return Response([])`), `custom` otherwise.
   */
  listOverride?: "renders-rows" | "custom" | "no-serializer";
  /**
   * The nearest `list()` override pages on one path and serializes the whole unpaged queryset on another
   * (`self.get_serializer(queryset, many=True)` beside `self.paginate_queryset`): where that call is.
   */
  unpagedList?: { classQn: string; path: string; line: number };
  /**
   * The list is small by construction: at most one row (every list return of `get_queryset` or of a
   * filter backend pins a unique key), the rows the request names (they take `__in` a unique key), one user's rows, one parent's rows (a `get_queryset` filter by `request.user` /
   * `self.kwargs`, a nested router), a staff-only view, or a `get_queryset` whose every `return` is
   * sliced (`qs[:n]`). `reason` is one clause. `lookups`: for a parent bound read from `get_queryset` or
   * the view's `filter_queryset`, the filter keywords that pin the rows to the URL's object (`case__id`).
   * `session`: the user bound comes from a value the request's session or user holds (a tenant, a
   * committee): it bounds a sort, but the slice may hold thousands of rows, so it does not make a list small.
   */
  bound?: { kind: "row" | "keys" | "user" | "parent" | "admin" | "slice"; reason: string; lookups?: string[]; session?: boolean };
  /**
   * Only a service client can call the view: the names of its `authentication_classes`, every one a
   * project class whose `authenticate` returns `(AnonymousUser(), credentials)` on every path (no user
   * account, no `None`). Says who asks for the page size (DJP303), not how many rows the list holds.
   */
  serviceClient?: string[];
  /**
   * The list's rows do not come from a plain QuerySet: `combined` when the queryset's chain calls
   * `union()` / `intersection()` / `difference()` (Django refuses prefetch_related and annotate after
   * them), `raw` when it is `.raw(...)` SQL or an instance of a project class with no base outside the
   * project (`queryset = AuditRawRows()`). `name` is what the advice names (`union()`, the class).
   */
  rowSource?: { kind: "combined" | "raw"; name: string };
}

export interface DrfIndex {
  serializers: ReadonlyMap<string, SerializerInfo>;
  views: ReadonlyMap<string, ViewInfo>;
  /**
   * Whether a view may page with `REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]`: `none` when every
   * application module was read and no generic view leaves `pagination_class` unset, nor does any class
   * extend a package's list view or viewset (whose paging is not read); `some` names such a view.
   */
  defaultPaginatorUse: { kind: "none" | "unknown" } | { kind: "some"; view: string };
  /**
   * The routed list views that page with the paginator class `qn` or a project subclass of it (their
   * `pagination_class`, own or inherited). `proven`: every application module was read and every mention of
   * those classes' names is a definition, an import, a base of a subclass or a class body's
   * `pagination_class = X` that resolves (routes.ts `onlyPaginationClass`): no `@action(pagination_class=X)`,
   * no call, no string; the views listed are then all the lists the class pages (the settings default is
   * the caller's to check). `subclasses`: the names of the project classes built on it (itself excluded). `actions`: the
   * `@action(pagination_class=X)` methods paging with one of them, `narrow` when the method reads its rows as a
   * few columns (`.only()`, `.values()`) and pages them.
   */
  paginatorUsers(qn: string): { views: ViewInfo[]; proven: boolean; subclasses: string[]; actions: { paginator: string; narrow: boolean }[] };
  /** Views in one file. */
  viewsIn(path: string): ViewInfo[];
  serializersIn(path: string): SerializerInfo[];
}
