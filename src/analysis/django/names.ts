/** What a name or dotted chain refers to in a file, through its imports and its own class definitions. */
import type { SyntaxNode } from "../parser.js";
import type { FileState } from "./state.js";
import { dottedHead, dottedParts } from "./syntax.js";

/**
 * The dotted target of `Order`, `models.Model`, `shop.models.Order` as this file binds it:
 * `shop.models.Order`, `django.db.models.Model`. Undefined when the head name is assigned, a
 * parameter, or bound in several different ways.
 */
export function qualifiedNameOf(s: FileState, node: SyntaxNode): string | undefined {
  const parts = dottedParts(node);
  const head = dottedHead(node);
  if (!parts || !head) return undefined;
  const target = resolveHead(s, head);
  return target === undefined ? undefined : [target, ...parts.slice(1)].join(".");
}

function resolveHead(s: FileState, id: SyntaxNode): string | undefined {
  const name = id.text;
  if (s.scopes.declaredNonLocal.has(name)) return undefined;
  const found = s.scopes.lookup(id);
  if (!found) return fromStarImports(s, name);
  const { scope, bindings } = found;
  const atModule = scope.type === "module";
  if (bindings.every((b) => b.kind === "import")) {
    // Several imports of one name (try/except fallbacks): the table keeps the last, as Python would.
    const table = atModule ? s.imports : s.importsIn(scope);
    return table.names.get(name);
  }
  const only = bindings.length === 1 ? bindings[0] : undefined;
  if (atModule && only?.kind === "def" && only.node.type === "class_definition") {
    return s.file.module ? `${s.file.module}.${name}` : name;
  }
  return undefined;
}

/** `from .models import *` then `Order`: the star module that the index says defines it. */
function fromStarImports(s: FileState, name: string): string | undefined {
  for (const mod of s.imports.starModules) {
    const dotted = `${mod}.${name}`;
    if (s.index.resolveQualified(dotted) !== undefined) return dotted;
  }
  return undefined;
}
