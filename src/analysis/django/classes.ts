/** Questions about class statements of the analysed file: `self`, class attributes, bases, serializer Meta. */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo } from "../index/types.js";
import type { Binding } from "./bindings.js";
import type { FileState } from "./state.js";
import { qualifiedNameOf } from "./names.js";
import { classBases, classMembers, classOfMethod, decoratorTarget, decoratorsOf, dottedParts, parameterNodes, sameNode } from "./syntax.js";

/** The class a `self` identifier is an instance of: the first parameter of a plain method, never rebound. */
export function classOfSelf(s: FileState, id: SyntaxNode, name?: string): SyntaxNode | undefined {
  if (id.type !== "identifier") return undefined;
  const binding = s.scopes.onlyBinding(id, name);
  if (binding?.kind !== "param") return undefined;
  // Every `self` of a method resolves to the same parameter binding: answer once per binding.
  if (!methodClasses.has(binding)) methodClasses.set(binding, classOfFirstParam(binding));
  return methodClasses.get(binding);
}

const methodClasses = new WeakMap<Binding, SyntaxNode | undefined>();

function classOfFirstParam(binding: Binding): SyntaxNode | undefined {
  const fn = binding.node.parent?.parent;
  if (fn?.type !== "function_definition") return undefined;
  if (!sameNode(parameterNodes(fn)[0]?.node, binding.node)) return undefined;
  const cls = classOfMethod(fn);
  if (!cls) return undefined;
  const isStaticOrClass = decoratorsOf(fn).some((d) => {
    const name = lastName(decoratorTarget(d));
    return name === "staticmethod" || name === "classmethod";
  });
  return isStaticOrClass ? undefined : cls;
}

/** The method (function_definition) whose parameter `binding` is, when it is a method of a class. */
export function methodOfParam(binding: Binding): { fn: SyntaxNode; cls: SyntaxNode; index: number } | undefined {
  if (binding.kind !== "param") return undefined;
  const fn = binding.node.parent?.parent;
  if (fn?.type !== "function_definition") return undefined;
  const cls = classOfMethod(fn);
  if (!cls) return undefined;
  const index = parameterNodes(fn).findIndex((p) => sameNode(p.node, binding.node));
  return { fn, cls, index };
}

/** `name = value` in the class body, when it is the only binding of `name` there. */
export function classAssignment(s: FileState, cls: SyntaxNode, name: string): Binding | undefined {
  const bindings = s.scopes.bindingsOf(cls).get(name);
  return bindings?.length === 1 && bindings[0]?.kind === "assign" ? bindings[0] : undefined;
}

export function classBinds(s: FileState, cls: SyntaxNode, name: string): boolean {
  return s.scopes.bindingsOf(cls).has(name);
}

/** Last dotted part of each base (`viewsets.ModelViewSet` → `ModelViewSet`). */
export function baseNames(cls: SyntaxNode): string[] {
  return classBases(cls).flatMap((b) => {
    const name = lastName(b);
    return name ? [name] : [];
  });
}

/** A base written as a name of a class defined at module level in this same file. */
export function sameFileClass(s: FileState, base: SyntaxNode): SyntaxNode | undefined {
  if (base.type !== "identifier") return undefined;
  const only = s.scopes.onlyBinding(base);
  if (only?.kind !== "def" || only.node.type !== "class_definition") return undefined;
  return only.node;
}

/** The model of a serializer's `class Meta: model = M`. */
export function serializerModel(s: FileState, cls: SyntaxNode): ModelInfo | undefined {
  const meta = classMembers(cls).find((m) => m.type === "class_definition" && m.childForFieldName("name")?.text === "Meta");
  if (!meta) return undefined;
  const model = classAssignment(s, meta, "model");
  return model?.value ? s.facts.modelOf(model.value) : undefined;
}

export function isSerializerClass(cls: SyntaxNode): boolean {
  return baseNames(cls).some((n) => n.endsWith("Serializer"));
}

/**
 * The class and its bases can only get their queryset from a `queryset` attribute: no `get_queryset`
 * override in it or in same-file bases, and every other base comes from Django or DRF.
 */
export function usesPlainQuerysetAttribute(s: FileState, cls: SyntaxNode, depth = 0): boolean {
  if (depth > 8 || classBinds(s, cls, "get_queryset")) return false;
  return classBases(cls).every((base) => {
    const local = sameFileClass(s, base);
    if (local) return usesPlainQuerysetAttribute(s, local, depth + 1);
    const dotted = qualifiedNameOf(s, base);
    return dotted !== undefined && (dotted.startsWith("rest_framework.") || dotted.startsWith("django."));
  });
}

export function lastName(node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const parts = dottedParts(node);
  return parts?.[parts.length - 1];
}
