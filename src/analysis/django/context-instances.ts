/**
 * Model instances a parameter holds by its context: an annotation naming a model (`def ship(order: Order)`)
 * and the `instance` of a model-signal receiver registered for one sender
 * (`@receiver(post_save, sender=Order) def f(sender, instance, **kwargs)`). One row each, of unknown
 * origin (and `self.object` / `self.get_object()` of a class-based view with `model = M`): what the row has loaded is unknown, so the loop rules that need a QuerySet stay quiet about it,
 * while the QuerySets reached through it (`order.items.all()`) are known.
 */
import type { SyntaxNode } from "../parser.js";
import type { Binding } from "./bindings.js";
import type { InstanceInfo } from "./types.js";
import type { ModelInfo } from "../index/types.js";
import type { FileState } from "./state.js";
import { classBases, decoratorsOf, keywordArg, positionalArgs, stringValue } from "./syntax.js";
import { modelByQualifiedName } from "./model-refs.js";
import { classAssignment, classBinds, classOfSelf, sameFileClass, usesPlainQuerysetAttribute } from "./classes.js";
import { qualifiedNameOf } from "./names.js";

/** Django's model signals whose receivers get the saved or deleted row as `instance`. */
const INSTANCE_SIGNALS = new Set(["pre_save", "post_save", "pre_delete", "post_delete", "pre_init", "post_init"]);

export function contextInstance(s: FileState, binding: Binding): InstanceInfo | undefined {
  if (binding.kind !== "param") return undefined;
  const annotated = binding.annotation ? annotatedModel(s, binding.annotation) : undefined;
  if (annotated) return annotated;
  return binding.name === "instance" ? receiverInstance(s, binding) : undefined;
}

/**
 * `order: Order` / `order: models.Order`: a plain class name, no Optional or union (None may come).
 * A forward reference in quotes (`order: "Order"`, `transfer: "shop.Transfer"`, the usual spelling
 * when the import sits under `if TYPE_CHECKING:` or would be circular) names the same model.
 */
function annotatedModel(s: FileState, annotation: SyntaxNode): InstanceInfo | undefined {
  const t = annotation.namedChildren[0];
  const model =
    t?.type === "identifier" || t?.type === "attribute" ? s.facts.modelOf(t) : t?.type === "string" ? quotedModel(s, t) : undefined;
  return model && { model, source: "context" };
}

/**
 * The model a quoted annotation names: a name this module imports or defines (`"Order"`,
 * `"models.Order"`), else a Django label (`"shop.Order"`, or `"Order"` in the file's own app). Only a
 * plain dotted name: `"Optional[Order]"`, `"Order | None"` and other expressions name no single row.
 */
function quotedModel(s: FileState, literal: SyntaxNode): ModelInfo | undefined {
  const text = stringValue(literal)?.trim();
  if (!text || !QUOTED_NAME.test(text)) return undefined;
  const [head, ...rest] = text.split(".");
  if (head === undefined) return undefined;
  // An imported name, else a class of this module (modelByQualifiedName answers only for models).
  const target = s.imports.names.get(head) ?? (s.file.module ? `${s.file.module}.${head}` : head);
  const byName = modelByQualifiedName(s, [target, ...rest].join("."));
  return byName ?? modelByQualifiedName(s, s.index.resolveModelLabel(text, s.file.module));
}

/** A dotted Python name (`Order`, `shop.Order`): no brackets, unions or spaces. */
const QUOTED_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$/;

/** `instance` of a function decorated `@receiver(<model signal>, sender=M)`. */
function receiverInstance(s: FileState, binding: Binding): InstanceInfo | undefined {
  const fn = binding.node.parent?.parent;
  if (fn?.type !== "function_definition") return undefined;
  for (const decorator of decoratorsOf(fn)) {
    const call = decorator.namedChildren.find((c) => c.type !== "comment");
    if (call?.type !== "call") continue;
    const callee = call.childForFieldName("function");
    if (!callee || !/(^|\.)receiver$/.test(qualifiedNameOf(s, callee) ?? callee.text)) continue;
    const args = call.childForFieldName("arguments");
    const signal = positionalArgs(args)[0];
    const sender = keywordArg(args, "sender");
    const signalName = signal ? (qualifiedNameOf(s, signal) ?? signal.text).split(".").pop() : undefined;
    if (!sender || !signalName || !INSTANCE_SIGNALS.has(signalName)) continue;
    const model = s.facts.modelOf(sender);
    if (model) return { model, source: "context" };
  }
  return undefined;
}

/**
 * `self.object` / `self.get_object()` in a class-based view that sets `model = M` or `queryset = M…`
 * and cannot get its object elsewhere: no get_object / get_queryset override in it or its same-file
 * bases, every other base from Django or DRF.
 */
export function viewObject(s: FileState, expr: SyntaxNode): InstanceInfo | undefined {
  let self: SyntaxNode | null = null;
  if (expr.type === "attribute" && expr.childForFieldName("attribute")?.text === "object") self = expr.childForFieldName("object");
  else if (expr.type === "call" && (expr.childForFieldName("arguments")?.namedChildren.length ?? 1) === 0) {
    const fn = expr.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "get_object") self = fn.childForFieldName("object");
  }
  if (self?.type !== "identifier") return undefined;
  const cls = classOfSelf(s, self);
  if (!cls || !usesPlainQuerysetAttribute(s, cls) || definesInChain(s, cls, "get_object", 0)) return undefined;
  const model = classAssignment(s, cls, "model")?.value;
  const queryset = classAssignment(s, cls, "queryset")?.value;
  const found = model ? s.facts.modelOf(model) : queryset ? s.facts.querySetOf(queryset)?.model : undefined;
  return found && { model: found, source: "context" };
}

/**
 * `self.round` where the class (or a mixin along its MRO, in any module) defines `round` as a property
 * whose every return is one row of the same model (the index's `propertyRow`): that row, of unknown
 * loading. Only classes at module level (their qualified name is known to the index).
 */
export function selfPropertyRow(s: FileState, expr: SyntaxNode): InstanceInfo | undefined {
  const self = expr.type === "attribute" ? expr.childForFieldName("object") : undefined;
  const name = expr.childForFieldName("attribute")?.text;
  if (self?.type !== "identifier" || !name || !s.index.propertyRow) return undefined;
  const cls = classOfSelf(s, self);
  const holder = cls?.parent?.type === "decorated_definition" ? cls.parent.parent : cls?.parent;
  const clsName = cls?.childForFieldName("name")?.text;
  if (!clsName || holder?.type !== "module") return undefined;
  const qn = s.index.propertyRow(`${s.file.module}.${clsName}`, name);
  const model = qn ? s.index.models.get(qn) : undefined;
  return model && { model, source: "context" };
}

function definesInChain(s: FileState, cls: SyntaxNode, name: string, depth: number): boolean {
  if (depth > 8 || classBinds(s, cls, name)) return true;
  return classBases(cls).some((base) => {
    const local = sameFileClass(s, base);
    return local ? definesInChain(s, local, name, depth + 1) : false;
  });
}
