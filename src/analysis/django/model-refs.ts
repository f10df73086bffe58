/**
 * Which model class an expression names: an imported or same-file class (`Order`, `models.Order`),
 * a name assigned once from one (`Order = apps.get_model("shop", "Order")` in a RunPython function),
 * `apps.get_model(...)` itself, or `get_user_model()`.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo } from "../index/types.js";
import type { FileState } from "./state.js";
import { qualifiedNameOf } from "./names.js";
import { dottedParts, hasSplat, positionalArgs, stringValue, unwrapParens } from "./syntax.js";

export function modelOf(s: FileState, expr: SyntaxNode): ModelInfo | undefined {
  const e = unwrapParens(expr);
  switch (e.type) {
    case "identifier": {
      const assigned = s.scopes.singleAssignment(e);
      if (assigned?.value) return s.facts.modelOf(assigned.value);
      return modelByQualifiedName(s, qualifiedNameOf(s, e));
    }
    case "attribute":
      return modelByQualifiedName(s, qualifiedNameOf(s, e));
    case "call":
      return appsGetModel(s, e) ?? userModel(s, e);
    default:
      return undefined;
  }
}

/** The model a module-level `class` statement of this file defines. */
export function modelOfClass(s: FileState, cls: SyntaxNode): ModelInfo | undefined {
  // Asked for every `self.…` of every method: answered once per class node object.
  let known = classModels.get(s);
  if (!known) classModels.set(s, (known = new Map()));
  if (!known.has(cls)) known.set(cls, readModelOfClass(s, cls));
  return known.get(cls);
}

const classModels = new WeakMap<FileState, Map<SyntaxNode, ModelInfo | undefined>>();

function readModelOfClass(s: FileState, cls: SyntaxNode): ModelInfo | undefined {
  const holder = cls.parent?.type === "decorated_definition" ? cls.parent : cls;
  if (holder.parent?.type !== "module") return undefined;
  const name = cls.childForFieldName("name")?.text;
  if (!name) return undefined;
  return modelByQualifiedName(s, s.file.module ? `${s.file.module}.${name}` : name);
}

export function modelByQualifiedName(s: FileState, dotted: string | undefined): ModelInfo | undefined {
  if (dotted === undefined) return undefined;
  const direct = s.index.models.get(dotted);
  if (direct) return direct;
  const resolved = s.index.resolveQualified(dotted);
  return resolved === undefined ? undefined : s.index.models.get(resolved);
}

/** `apps.get_model("shop", "Order")`, `apps.get_model("shop.Order")` (the registry a RunPython function receives, or django.apps.apps). */
function appsGetModel(s: FileState, call: SyntaxNode): ModelInfo | undefined {
  const fn = call.childForFieldName("function");
  // A plain `get_model("order", "Order")`: a project or library helper over the app registry
  // (django-oscar's loader and its copies); the literal label decides, as for apps.get_model.
  const helper = fn?.type === "identifier" && fn.text === "get_model";
  if (!helper) {
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "get_model") return undefined;
    const object = fn.childForFieldName("object");
    const registry = object ? dottedParts(object) : undefined;
    // Only app registries: `self.get_model()` on some other class proves nothing.
    if (!registry || !/apps$/i.test(registry[registry.length - 1] ?? "")) return undefined;
  }
  const args = call.childForFieldName("arguments");
  if (hasSplat(args)) return undefined;
  const literals = positionalArgs(args).map(stringValue);
  let label: string | undefined;
  if (literals.length === 1 && literals[0]?.includes(".")) label = literals[0];
  else if (literals.length === 2 && literals[0] && literals[1]) label = `${literals[0]}.${literals[1]}`;
  if (label === undefined) return undefined;
  return modelByQualifiedName(s, s.index.resolveModelLabel(label, s.file.module));
}

/** `get_user_model()`: settings.AUTH_USER_MODEL when the index knows it, else Django's default `auth.User`. */
function userModel(s: FileState, call: SyntaxNode): ModelInfo | undefined {
  const fn = call.childForFieldName("function");
  if (!fn || qualifiedNameOf(s, fn) !== "django.contrib.auth.get_user_model") return undefined;
  const label = s.index.authUserModel ?? "auth.User";
  return modelByQualifiedName(s, s.index.resolveModelLabel(label, s.file.module));
}
