/**
 * Where code runs: in a view (per request), a serializer, an ETL job (management command, Celery
 * task, RunPython function, etl/import/export module), a migration or a test. Rules use it to raise or
 * lower levels (a loop in a view runs per request; one in a nightly command does not).
 */
import type { SyntaxNode } from "../parser.js";
import { isMigrationPath } from "../source-file.js";
import { isCommandPath } from "../code-kind.js";
import type { CodeContext } from "./types.js";
import type { FileState, NodeSpan } from "./state.js";
import { SpanTree } from "./span-tree.js";
import { qualifiedNameOf } from "./names.js";
import { baseNames, isSerializerClass, lastName, sameFileClass } from "./classes.js";
import { calleeName, classBases, classOfMethod, decoratorTarget, decoratorsOf, keywordArg, parameterNodes, positionalArgs } from "./syntax.js";
import { readsSelfRequest, requestParameterKind, type RequestKind } from "./request-param.js";

const VIEW_DECORATORS = new Set([
  "api_view",
  "login_required",
  "permission_required",
  "user_passes_test",
  "staff_member_required",
  "require_http_methods",
  "require_GET",
  "require_POST",
  "require_safe",
  "csrf_exempt",
  "csrf_protect",
  "ensure_csrf_cookie",
  "never_cache",
  "cache_page",
  "cache_control",
  "vary_on_headers",
  "vary_on_cookie",
  "condition",
  "etag",
  "last_modified",
  "xframe_options_exempt",
  "sensitive_post_parameters",
  "non_atomic_requests",
  "permission_classes",
  "authentication_classes",
  "throttle_classes",
  "renderer_classes",
  "parser_classes",
]);

/** Base classes that make a class a Django or DRF view (besides the `*View`, `*APIView`, `*ViewSet` names). */
const VIEW_MIXIN_MODULES = ["rest_framework.", "django.views.", "django.contrib.auth.mixins."];
const TASK_DECORATORS = new Set(["shared_task", "periodic_task"]);
/** Parameters before `request` in request handlers that are not views: methods, admin actions. */
const REQUEST_RECEIVERS = new Set(["self", "cls", "modeladmin", "model_admin", "admin"]);
/** Admin actions: `(modeladmin, request, queryset)` is Django's signature for them. */
const ADMIN_RECEIVERS = new Set(["modeladmin", "model_admin", "admin"]);
/** Classes whose methods Django or DRF call with the HTTP request (`has_permission(self, request, view)`). */
const REQUEST_HANDLER_CLASS = /(Admin|Inline|Permission|Authentication|Throttle|Middleware|Paginat\w*|Filter\w*Backend|Backend)$/;
const GRAPHQL_ENTRY_METHODS = new Set(["mutate", "mutate_and_get_payload", "perform_mutate"]);
const GRAPHQL_CLASS_BASE = /(Mutation|ObjectType|DjangoObjectType|ClientIDMutation)$/;
const GRAPHQL_DECORATOR = /^(strawberry(_django)?\.(mutation|field)|strawberry_django\.mutations?\.\w+|(\w+\.)?(mutation|query|subscription)\.field)$/;
const ETL_MODULE_PARTS = new Set(["etl", "imports", "exports", "importers", "exporters"]);

const HOLDER_TYPES: ReadonlySet<string> = new Set(["function_definition", "class_definition"]);

/** The innermost def/class around the node, by walking parents (the definition `holderOf` reproduces). */
function holderByParents(node: SyntaxNode): SyntaxNode | null {
  let holder = node.parent;
  while (holder && !HOLDER_TYPES.has(holder.type)) holder = holder.parent;
  return holder;
}

export class ContextResolver {
  private readonly viewFunctions = new Map<number, boolean>();
  private readonly requestKinds = new Map<number, RequestKind>();
  private readonly classKinds = new Map<number, { view: boolean; serializer: boolean }>();
  private runPythonNames: Set<string> | undefined;
  private readonly migration: boolean;
  private readonly test: boolean;
  private readonly etlModule: boolean;
  private readonly commandModule: boolean;

  constructor(private readonly s: FileState) {
    const path = s.file.path;
    this.migration = isMigrationPath(path);
    this.test = isTestPath(path);
    this.etlModule = s.file.module.split(".").some((part) => ETL_MODULE_PARTS.has(part));
    this.commandModule = isCommandPath(path);
  }

  /** What the functions and classes from one def/class outwards decide, by that def/class's id. */
  private readonly chains = new Map<number, CodeContext>();

  /**
   * The context depends only on the functions and classes around the node: computed once per innermost
   * def/class (and copied, so callers never share one object) instead of once per node asked about.
   */
  contextOf(node: SyntaxNode): CodeContext {
    const holder = this.holderOf(node);
    if (!holder) return this.contextFrom(null);
    const key = holder.id;
    let chain = this.chains.get(key);
    if (!chain) {
      chain = this.contextFrom(holder);
      this.chains.set(key, chain);
    }
    return { ...chain };
  }

  private holders: SpanTree<NodeSpan> | undefined;

  /**
   * The innermost def/class around the node, found by position: a parent walk costs the nesting depth
   * per question, and loops nested d deep asked about one by one made that d² (issue 12's work bound).
   */
  private holderOf(node: SyntaxNode): SyntaxNode | null {
    const start = node.startIndex;
    const end = node.endIndex;
    // A zero-width node (error recovery) cannot be placed by position.
    if (start === end) return holderByParents(node);
    this.holders ??= new SpanTree(this.s.nodes.spans().filter((span) => HOLDER_TYPES.has(span.type)));
    // A def/class with the node's own range is the node itself (or inside it), never around it.
    const around = this.holders.covering(start, end).find((i) => this.holders!.spans[i]!.start !== start || this.holders!.spans[i]!.end !== end);
    return around === undefined ? null : this.holders.spans[around]!.node;
  }

  /** The context of code whose innermost def/class is `first` (null: module level). */
  private contextFrom(first: SyntaxNode | null): CodeContext {
    const ctx: CodeContext = {
      view: false,
      serializer: false,
      etl: this.etlModule,
      migration: this.migration,
      test: this.test,
      request: false,
      graphql: false,
      task: false,
    };
    for (let n = first; n; n = n.parent) {
      if (n.type === "function_definition") {
        const innermost = ctx.function === undefined;
        ctx.function ??= n;
        if (this.isViewFunction(n)) ctx.view = true;
        if (this.isTaskFunction(n)) ctx.task = ctx.etl = true;
        else if (this.isEtlFunction(n)) ctx.etl = true;
        if (this.isGraphqlFunction(n)) ctx.graphql = true;
        if (innermost) ctx.request = this.isRequestFunction(n);
      } else if (n.type === "class_definition") {
        ctx.cls ??= n;
        const kind = this.classKind(n, 0);
        if (kind.view) ctx.view = true;
        if (kind.serializer) ctx.serializer = true;
        if (this.commandModule && n.childForFieldName("name")?.text === "Command" && baseNames(n).some((b) => b.endsWith("Command"))) {
          ctx.etl = true;
        }
      }
    }
    return ctx;
  }

  private isViewFunction(fn: SyntaxNode): boolean {
    let known = this.viewFunctions.get(fn.id);
    if (known === undefined) {
      // A first parameter named `request` makes a view unless the body shows it is a model row.
      known = this.hasViewDecorator(fn) || (parameterNodes(fn)[0]?.name === "request" && this.requestKind(fn) !== "model");
      this.viewFunctions.set(fn.id, known);
    }
    return known;
  }

  private isTaskFunction(fn: SyntaxNode): boolean {
    return decoratorsOf(fn).some((d) => {
      const target = decoratorTarget(d);
      const name = lastName(target);
      // `@app.task` / `@celery_app.task(...)`, `@shared_task`; a bare `@task` only when imported from celery.
      if (name && TASK_DECORATORS.has(name)) return true;
      if (name !== "task" || !target) return false;
      return target.type === "attribute" || (qualifiedNameOf(this.s, target) ?? "").startsWith("celery");
    });
  }

  /**
   * The function itself runs while a request waits: a view function, a method of a view class, a
   * GraphQL resolver or mutation, or a function taking `request` first (after `self` / `cls` / the admin).
   */
  private isRequestFunction(fn: SyntaxNode): boolean {
    if (this.hasViewDecorator(fn) || this.isGraphqlFunction(fn)) return true;
    const cls = classOfMethod(fn);
    if (cls !== undefined && this.classKind(cls, 0).view) return true;
    const params = parameterNodes(fn).map((p) => p.name);
    if (cls !== undefined && params[0] === "self" && readsSelfRequest(fn)) return true;
    if (cls !== undefined && isFilterSetMethod(cls, params)) return true;
    const receiver = REQUEST_RECEIVERS.has(params[0] ?? "") ? params[0] : undefined;
    if ((receiver ? params[1] : params[0]) !== "request") return false;
    // The name alone is no proof (a `JobRequest` row is often called `request`): the signature of a
    // handler Django calls with the request, or the body's use of it, must say so.
    const kind = this.requestKind(fn);
    if (kind === "model") return false;
    if (receiver && ADMIN_RECEIVERS.has(receiver)) return true;
    if (cls !== undefined && baseNames(cls).some((b) => REQUEST_HANDLER_CLASS.test(b))) return true;
    return kind === "http";
  }

  private hasViewDecorator(fn: SyntaxNode): boolean {
    return decoratorsOf(fn).some((d) => VIEW_DECORATORS.has(lastName(decoratorTarget(d)) ?? ""));
  }

  private requestKind(fn: SyntaxNode): RequestKind {
    let kind = this.requestKinds.get(fn.id);
    if (kind === undefined) {
      kind = requestParameterKind(this.s, fn);
      this.requestKinds.set(fn.id, kind);
    }
    return kind;
  }

  /**
   * graphene `mutate` / `mutate_and_get_payload` / `resolve_*` in a Mutation or ObjectType class;
   * strawberry `@strawberry.mutation` / `@strawberry.field`; ariadne `@mutation.field("...")`.
   */
  private isGraphqlFunction(fn: SyntaxNode): boolean {
    const name = fn.childForFieldName("name")?.text ?? "";
    const cls = classOfMethod(fn);
    if (cls && (GRAPHQL_ENTRY_METHODS.has(name) || name.startsWith("resolve_"))) {
      if (baseNames(cls).some((b) => GRAPHQL_CLASS_BASE.test(b))) return true;
    }
    return decoratorsOf(fn).some((d) => {
      const target = decoratorTarget(d);
      const dotted = target ? (qualifiedNameOf(this.s, target) ?? target.text) : "";
      return GRAPHQL_DECORATOR.test(dotted);
    });
  }

  private isEtlFunction(fn: SyntaxNode): boolean {
    if (this.isTaskFunction(fn)) return true;
    if (!this.migration) return false;
    const name = fn.childForFieldName("name")?.text;
    return name !== undefined && this.runPythonFunctions().has(name);
  }

  /** Names passed to `RunPython(code, reverse_code)` anywhere in this (migration) file. */
  private runPythonFunctions(): Set<string> {
    if (!this.runPythonNames) {
      const names = new Set<string>();
      for (const call of this.s.nodes.get("call")) {
        if (calleeName(call) !== "RunPython") continue;
        const args = call.childForFieldName("arguments");
        const candidates = [...positionalArgs(args).slice(0, 2), keywordArg(args, "code"), keywordArg(args, "reverse_code")];
        for (const c of candidates) if (c?.type === "identifier") names.add(c.text);
      }
      this.runPythonNames = names;
    }
    return this.runPythonNames;
  }

  /** View / serializer by base names, following bases defined in this same file. */
  private classKind(cls: SyntaxNode, depth: number): { view: boolean; serializer: boolean } {
    const cached = this.classKinds.get(cls.id);
    if (cached) return cached;
    const kind = { view: false, serializer: isSerializerClass(cls) };
    for (const base of classBases(cls)) {
      const name = lastName(base) ?? "";
      if (/(View|APIView|ViewSet)$/.test(name)) kind.view = true;
      else if (name.endsWith("Mixin")) {
        const dotted = qualifiedNameOf(this.s, base) ?? "";
        if (VIEW_MIXIN_MODULES.some((m) => dotted.startsWith(m))) kind.view = true;
      }
      const local = depth < 8 ? sameFileClass(this.s, base) : undefined;
      if (local && local.id !== cls.id) {
        const inherited = this.classKind(local, depth + 1);
        kind.view ||= inherited.view;
        kind.serializer ||= inherited.serializer;
      }
    }
    this.classKinds.set(cls.id, kind);
    return kind;
  }
}

/**
 * A django-filter FilterSet's filter method (`def owner_filter(self, queryset, name, value)`, named by
 * `CharFilter(method=...)`) or its `filter_queryset(self, queryset)`: django-filter runs them while the
 * list request waits (rotation set 11: a filter method walking a whole table per request).
 */
function isFilterSetMethod(cls: SyntaxNode, params: readonly (string | undefined)[]): boolean {
  if (params[0] !== "self" || params[1] !== "queryset" || (params.length !== 4 && params.length !== 2)) return false;
  return baseNames(cls).some((b) => /FilterSet$/.test(b));
}

/** Test code by path, the same rule as the default excludes (src/config/schema.ts): not `test/`, which may be an app. */
export function isTestPath(path: string): boolean {
  const parts = path.split("/");
  const base = parts[parts.length - 1] ?? "";
  const dirs = parts.slice(0, -1);
  return (
    dirs.includes("tests") ||
    dirs.includes("unittests") ||
    /^test_.*\.py$/.test(base) ||
    /_tests?\.py$/.test(base) ||
    base === "tests.py" ||
    base === "conftest.py"
  );
}
