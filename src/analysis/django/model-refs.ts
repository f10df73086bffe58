/**
 * Which model class an expression names: an imported or same-file class (`Order`, `models.Order`),
 * a name assigned once from one (`Order = apps.get_model("shop", "Order")` in a RunPython function),
 * `apps.get_model(...)` itself, or `get_user_model()`.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo } from "../index/types.js";
import type { FileState } from "./state.js";
import { qualifiedNameOf } from "./names.js";
import { isMultiTableChild, saveHooksOf } from "./bulk-writes.js";
import { dottedParts, hasSplat, positionalArgs, stringValue, unwrapParens } from "./syntax.js";

export function modelOf(s: FileState, expr: SyntaxNode): ModelInfo | undefined {
  const e = unwrapParens(expr);
  switch (e.type) {
    case "identifier": {
      const only = s.scopes.onlyBinding(e);
      if (only?.kind === "assign" && only.value) return s.facts.modelOf(only.value);
      if (only?.kind === "loop" && only.statement) return loopOverModelClasses(s, only.statement, e.text);
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

/** Literal collections a loop can walk. */
const LITERAL_COLLECTIONS = new Set(["tuple", "list", "set"]);

/**
 * `for model in (Order, Invoice, Refund):` (a literal collection, or a name bound once to one): the
 * loop variable names each of those model classes in turn. Answered with the first model, and only
 * when every element is a model and they all write alike (each has save hooks, or none has, and none
 * is a multi-table child): then a query, write or relation read through the variable costs what it
 * costs on the first model, and the rules that stay silent for save hooks stay silent for all of them.
 */
function loopOverModelClasses(s: FileState, loop: SyntaxNode, name: string): ModelInfo | undefined {
  if (loop.type !== "for_statement" || loop.childForFieldName("left")?.text !== name) return undefined;
  let items = loop.childForFieldName("right");
  if (items?.type === "identifier") items = s.scopes.singleAssignment(items)?.value ?? null;
  if (!items || !LITERAL_COLLECTIONS.has(unwrapParens(items).type)) return undefined;
  const elements = unwrapParens(items).namedChildren.filter((c) => c.type !== "comment");
  const models = elements.map((el) => (el.type === "identifier" || el.type === "attribute" ? s.facts.modelOf(el) : undefined));
  const first = models[0];
  if (!first || models.some((m) => m === undefined)) return undefined;
  const writesAlike = (m: ModelInfo): boolean => (saveHooksOf(m, s.index) === undefined) === (saveHooksOf(first, s.index) === undefined) && !isMultiTableChild(m, s.index);
  return (models as ModelInfo[]).every(writesAlike) ? first : undefined;
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

/** `get_user_model()`: settings.AUTH_USER_MODEL, or Django's `auth.User` when the settings leave it unset. */
function userModel(s: FileState, call: SyntaxNode): ModelInfo | undefined {
  const fn = call.childForFieldName("function");
  if (!fn || qualifiedNameOf(s, fn) !== "django.contrib.auth.get_user_model") return undefined;
  const label = s.index.userModel;
  return label === undefined ? undefined : modelByQualifiedName(s, s.index.resolveModelLabel(label, s.file.module));
}
