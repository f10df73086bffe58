/**
 * Shared Django knowledge for rules (DESIGN §6 rule 4): what an expression is, as far as it can be
 * proven from the file and the ProjectIndex. Every answer is `undefined` when unproven.
 */
import type { SyntaxNode } from "../parser.js";
import type { ParsedFile } from "../source-file.js";
import type { FieldInfo, ManagerInfo, ModelInfo, ProjectIndex, QueryMethod, ReverseRelation } from "../index/types.js";

export interface ChainCall {
  /** Method name: `filter`, `select_related`, … */
  name: string;
  /** The `call` node. */
  node: SyntaxNode;
  /** Its `argument_list`. */
  args: SyntaxNode;
  /** A project method returning a QuerySet (`open()`, `Msg.for_org(org)`): what the index read from its returns. */
  method?: QueryMethod;
}

export interface QuerySetInfo {
  model: ModelInfo;
  /** How the chain starts: `M.objects` (manager), `obj.items` (related manager), a QS-variable, a `QuerySet[M]` annotation. */
  root: "manager" | "related-manager" | "annotation";
  manager?: ManagerInfo;
  /** Method calls from the root to the expression, in source order, followed through QS-variable definitions. */
  calls: ChainCall[];
  /** The expression that starts the chain (`Order.objects`), possibly in an earlier statement. */
  rootNode: SyntaxNode;
  /** Assignments followed to reach the root, innermost first (the QS-variable definitions). */
  definitions: SyntaxNode[];
  /** A slice (`qs[:10]`) was applied along the chain: the rows are bounded. */
  sliced?: boolean;
  /**
   * The name is bound in more than one branch (`if …: qs = A.objects.filter(…) else: qs = A.objects.all()`):
   * the number of those bindings. calls/definitions are their union; no single definition can be edited.
   */
  branches?: number;
  /**
   * The QuerySet is what a call of a helper returns (`self.open_orders()`, `Msg.for_org(org)`): the
   * call. Its chain lives in the helper, shared by every caller.
   */
  returnedBy?: SyntaxNode;
  /**
   * `self` in a method of the project QuerySet class a model's manager is built from
   * (`objects = OrderQuerySet.as_manager()`): the rows are that model's, while what the caller chained
   * before the method (filters, eager loads) is unknown.
   */
  fromCaller?: boolean;
  /** For root "related-manager": the instance and the relation the manager comes from (`order` and `items`). */
  via?: { instance: InstanceInfo; relation: RelationAccess };
}

export interface EagerCoverage {
  /** select_related paths, `__`-joined. */
  selectRelated: Set<string>;
  /** select_related() with no arguments: every non-null FK (one level+). */
  selectsAll: boolean;
  /** prefetch_related paths, including `Prefetch("path")` lookups (and their to_attr names). */
  prefetch: Set<string>;
  /** values()/values_list(): rows are dicts/tuples, no model instances. */
  valuesMode: boolean;
  /** only(...) / defer(...) field names when present. */
  only?: Set<string>;
  defer?: Set<string>;
  /**
   * fetch_mode(...): relation access does not cost a query each. (A manager's own eager loads are merged
   * into selectRelated/prefetch/selectsAll; auto_prefetch models set `forwardMitigated`.)
   */
  mitigated: boolean;
  /** The model eager-loads forward FK/O2O relations by itself (auto_prefetch): forward access only. */
  forwardMitigated?: boolean;
  /** An argument was not a string literal (a variable, *args): coverage cannot be proven either way. */
  unknown: boolean;
}

export type LoopKind = "for" | "while" | "comprehension";

export interface LoopTarget {
  name: string;
  node: SyntaxNode;
  /** The iterable this name walks, after unwrapping `enumerate(x)`, `zip(a, b)`, `reversed(x)`. */
  iterable: SyntaxNode | null;
}

export interface LoopInfo {
  node: SyntaxNode;
  kind: LoopKind;
  targets: LoopTarget[];
  iterable: SyntaxNode | null;
  /** Nodes evaluated once per iteration: a for/while body; a comprehension's element and conditions. */
  body: SyntaxNode[];
  /** For kind "comprehension": the whole comprehension (`node` is its `for_in_clause`). */
  comprehension?: SyntaxNode;
}

export interface CodeContext {
  view: boolean;
  serializer: boolean;
  etl: boolean;
  migration: boolean;
  test: boolean;
  /**
   * Runs while an HTTP request waits: a view, a GraphQL resolver or mutation, or a function whose first
   * parameter (after `self` / `cls` / the admin) is `request`. The innermost function decides.
   */
  request: boolean;
  /** A GraphQL resolver or mutation (graphene, strawberry, ariadne). */
  graphql: boolean;
  /** Inside a Celery task function. */
  task: boolean;
  /** Innermost enclosing function_definition / class_definition, if any. */
  function?: SyntaxNode;
  cls?: SyntaxNode;
}

export type RelationAccess =
  | { kind: "forward"; field: FieldInfo }
  | { kind: "m2m"; field: FieldInfo }
  /** `GenericRelation(Target)`: a manager of the Target rows whose generic key points at the row. */
  | { kind: "generic"; field: FieldInfo }
  | { kind: "reverse"; relation: ReverseRelation }
  | { kind: "concrete"; field: FieldInfo };

export interface InstanceInfo {
  model: ModelInfo;
  /** `context`: a parameter whose annotation or signal registration names the model (`context-instances.ts`). */
  source: "loop" | "self" | "single" | "serializer-obj" | "context";
  qs?: QuerySetInfo;
  loop?: LoopInfo;
}

/** Per-file facts, created once per analysed file and shared by every rule (cached inside). */
export interface DjangoFacts {
  readonly file: ParsedFile;
  readonly index: ProjectIndex;
  /** Local name → dotted import target (`Order` → `shop.models.Order`, `models` → `django.db.models`). */
  readonly imports: ReadonlyMap<string, string>;
  /** The model class an expression names: `Order`, `models.Order`, `apps.get_model("shop", "Order")`. */
  modelOf(expr: SyntaxNode): ModelInfo | undefined;
  /** The QuerySet an expression evaluates to, when provable. */
  querySetOf(expr: SyntaxNode): QuerySetInfo | undefined;
  /** Eager loading along a QuerySet's chain, including the manager's. */
  coverage(qs: QuerySetInfo): EagerCoverage;
  /** The model instance an expression holds: loop variable over a QS, `self` in a model method, `.get()` result, serializer `obj`. */
  instanceOf(expr: SyntaxNode): InstanceInfo | undefined;
  /** What `attr` is on `model`. */
  relation(model: ModelInfo, attr: string): RelationAccess | undefined;
  /** Every loop in the file, outermost first in source order. */
  loops(): LoopInfo[];
  /** Loops enclosing a node, innermost first, stopping at the enclosing function boundary. */
  enclosingLoops(node: SyntaxNode): LoopInfo[];
  contextOf(node: SyntaxNode): CodeContext;
  /**
   * The dotted target a name or dotted chain refers to through this file's imports (module-level and
   * function-local) or its own classes: `requests.post` → `requests.post`, `sleep` → `time.sleep`.
   * Undefined when the head name is assigned or a parameter.
   */
  qualifiedName(expr: SyntaxNode): string | undefined;
  /** The scope whose binding an identifier refers to (Python's LEGB; `global x` reaches the module), if bound in this file. */
  bindingScopeOf(id: SyntaxNode): SyntaxNode | undefined;
  /**
   * Every node of the given type(s) in the file, in source order: `rootNode.descendantsOfType(types)`,
   * computed once per file and shared by every rule (read-only).
   */
  nodesOfType(types: string | readonly string[]): readonly SyntaxNode[];
}
