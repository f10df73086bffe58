/**
 * The per-file DjangoFacts: ties the helpers together and caches every answer per node, so that
 * rules asking the same question (and helpers asking each other) pay for it once.
 */
import type { SyntaxNode } from "../parser.js";
import type { ParsedFile } from "../source-file.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import { collectImports, type ImportTable } from "../imports.js";
import type { CodeContext, DjangoFacts, EagerCoverage, InstanceInfo, QuerySetInfo } from "./types.js";
import { NodeMemo, NodesByType, type FileState, type LoopIndex } from "./state.js";
import { Scopes } from "./scopes.js";
import { modelOf } from "./model-refs.js";
import { querySetOf } from "./querysets.js";
import { coverageOf } from "./coverage.js";
import { instanceCandidateNames, instanceOf } from "./instances.js";
import { relationOf } from "./relations.js";
import { collectLoops, enclosingLoopsOf } from "./loops.js";
import { ContextResolver } from "./contexts.js";
import { qualifiedNameOf } from "./names.js";

export function createDjangoFacts(file: ParsedFile, index: ProjectIndex): DjangoFacts {
  const root = file.tree.rootNode;
  const imports = collectImports(file);
  const localImports = new Map<number, ImportTable>();
  const nodes = NodesByType.of(root);
  let loops: LoopIndex | undefined;
  let instanceNames: ReadonlySet<string> | undefined;

  const state: FileState = {
    file,
    index,
    imports,
    nodes,
    scopes: new Scopes(root),
    importsIn(scope: SyntaxNode): ImportTable {
      let table = localImports.get(scope.id);
      if (!table) {
        const body = scope.childForFieldName("body");
        table = body ? collectImports(file, body) : { names: new Map(), starModules: [] };
        localImports.set(scope.id, table);
      }
      return table;
    },
    loopIndex: () => (loops ??= collectLoops(nodes.spans())),
    instanceNames: () => (instanceNames ??= instanceCandidateNames(state)),
    get facts(): DjangoFacts {
      return facts;
    },
  };

  const models = new NodeMemo<ModelInfo>();
  const querySets = new NodeMemo<QuerySetInfo>();
  const instances = new NodeMemo<InstanceInfo>();
  const coverages = new WeakMap<QuerySetInfo, EagerCoverage>();
  const contexts = new ContextResolver(state);
  const contextCache = new Map<number, CodeContext>();
  const qualifiedNames = new Map<number, string | undefined>();

  const facts: DjangoFacts = {
    file,
    index,
    imports: imports.names,
    modelOf: (expr) => models.get(expr, () => modelOf(state, expr)),
    querySetOf: (expr) => querySets.get(expr, () => querySetOf(state, expr)),
    coverage(qs) {
      let cov = coverages.get(qs);
      if (!cov) {
        cov = coverageOf(qs);
        coverages.set(qs, cov);
      }
      return cov;
    },
    instanceOf: (expr) => instances.get(expr, () => instanceOf(state, expr)),
    relation: relationOf,
    loops: () => state.loopIndex().all,
    enclosingLoops: (node) => enclosingLoopsOf(state.loopIndex(), node),
    contextOf(node) {
      const key = node.id;
      let ctx = contextCache.get(key);
      if (!ctx) {
        ctx = contexts.contextOf(node);
        contextCache.set(key, ctx);
      }
      return ctx;
    },
    nodesOfType: (types) => nodes.get(types),
    qualifiedName(expr) {
      // Asked for the same callee by several rules (slow calls, unchunked reads, tasks): resolved once.
      const key = expr.id;
      if (qualifiedNames.has(key)) return qualifiedNames.get(key);
      const name = qualifiedNameOf(state, expr);
      qualifiedNames.set(key, name);
      return name;
    },
    bindingScopeOf: (id) => state.scopes.lookup(id)?.scope,
  };
  return facts;
}
