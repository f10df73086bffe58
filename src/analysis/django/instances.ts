/**
 * Which model instance a name holds: a loop variable over a QuerySet, `self` in a model method, a
 * name bound once to `.get()` / `.first()` / `get_object_or_404(...)`, or a serializer method's `obj`.
 */
import type { SyntaxNode } from "../parser.js";
import type { InstanceInfo, LoopInfo } from "./types.js";
import type { Binding } from "./bindings.js";
import type { ModelInfo } from "../index/types.js";
import { genericAnnotation } from "./querysets.js";
import { rowsOf } from "./returned-querysets.js";
import { contextInstance, selfPropertyRow, viewObject } from "./context-instances.js";
import { covers, type FileState } from "./state.js";
import { modelOfClass } from "./model-refs.js";
import { classOfSelf, isSerializerClass, methodOfParam, serializerModel } from "./classes.js";
import { calleeName, isWithin, parameterIdentifier, positionalArgs, sameNode, unwrapParens } from "./syntax.js";
import { enclosingLoopsOf, loopSpansAround } from "./loops.js";
import { lowerBound } from "./within.js";
import { callerInstance, callerLoading, callersKnown } from "./caller-params.js";

/** Calls on a QuerySet that return one instance of its model. */
const SINGLE_OBJECT_METHODS = new Set(["get", "first", "last", "latest", "earliest"]);
const TARGET_WRAPPERS = new Set(["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression"]);

const NOT_A_LOOP_VARIABLE = Symbol("not a loop variable");

export function instanceOf(s: FileState, expr: SyntaxNode): InstanceInfo | undefined {
  const type = expr.type;
  const id = type === "parenthesized_expression" ? unwrapParens(expr) : expr;
  if (id.type === "attribute") return viewObject(s, id) ?? selfPropertyRow(s, id);
  // `M.objects.get(...)` / `.first()` / `get_object_or_404(...)` read in place: the row it loads (viewObject among them).
  if (id.type === "call") return singleObject(s, id);
  if ((id === expr ? type : id.type) !== "identifier") return undefined;
  const name = id.text;
  if (!s.instanceNames().has(name)) return undefined;
  // A name no loop binds is no loop variable (the loop's targets would hold it).
  const fromLoop = s.loopIndex().targetNames.has(name) ? loopVariable(s, id, name) : NOT_A_LOOP_VARIABLE;
  if (fromLoop !== NOT_A_LOOP_VARIABLE) return fromLoop;
  if (name === "self") {
    const cls = classOfSelf(s, id, name);
    const model = cls ? modelOfClass(s, cls) : undefined;
    return model && { model, source: "self" };
  }
  const binding = s.scopes.onlyBinding(id, name);
  if (binding?.kind === "assign" && binding.value) return singleObject(s, binding.value);
  if (binding?.kind === "param") return serializerObject(s, binding) ?? withCallerLoading(s, binding, contextInstance(s, binding)) ?? callerInstance(s, binding);
  return undefined;
}

/**
 * The innermost loop binding the name decides: its iterable must be a QuerySet of instances (not
 * values()), and a `for` body must not rebind the name (then the name may hold anything).
 */
function loopVariable(s: FileState, id: SyntaxNode, name: string): InstanceInfo | undefined | typeof NOT_A_LOOP_VARIABLE {
  const start = id.startIndex;
  const end = id.endIndex;
  const own = loopWhoseTargetIs(s, id, start, end);
  const candidates = own ? [own] : enclosingLoopsOf(s.loopIndex(), id, start, end);
  for (const loop of candidates) {
    const target = loop.targets.find((t) => t.name === name);
    if (!target) continue;
    if (loop.kind === "for" && reboundInBody(s, loop, name)) return undefined;
    if (!target.iterable) return undefined;
    const qs = rowsOf(s, target.iterable);
    if (!qs) {
      // A parameter annotated `list[M]` (or another collection of M): rows of unknown origin, no queryset.
      const model = annotatedElementModel(s, target.iterable);
      return model && { model, source: "loop", loop };
    }
    if (s.facts.coverage(qs).valuesMode) return undefined;
    return { model: qs.model, source: "loop", qs, loop };
  }
  return NOT_A_LOOP_VARIABLE;
}

/** Collections whose items are the type argument (`list[Order]`, `Iterable[Order]`, `tuple[Order, ...]`). */
const COLLECTIONS = new Set(["list", "List", "set", "Set", "frozenset", "FrozenSet", "tuple", "Tuple", "Sequence", "MutableSequence", "Iterable", "Iterator", "Collection", "AbstractSet"]);

/** The model of the items of a parameter (bound once) annotated as a collection of a model. */
function annotatedElementModel(s: FileState, iterable: SyntaxNode): ModelInfo | undefined {
  const id = unwrapParens(iterable);
  if (id.type !== "identifier") return undefined;
  const binding = s.scopes.onlyBinding(id);
  if (binding?.kind !== "param" || !binding.annotation) return undefined;
  const generic = genericAnnotation(binding.annotation);
  if (!generic || !COLLECTIONS.has(generic.name)) return undefined;
  return s.facts.modelOf(generic.argument);
}

/** `o` in `for o in …` / `[… for o in …]` itself. */
function loopWhoseTargetIs(s: FileState, id: SyntaxNode, start: number, end: number): LoopInfo | undefined {
  // Only an identifier inside some loop's target can be one; positions rule out the rest cheaply.
  if (start !== end && !loopSpansAround(s.loopIndex(), start, end).some((span) => span.left && covers(span.left, start, end))) return undefined;
  let n = id.parent;
  while (n && TARGET_WRAPPERS.has(n.type)) n = n.parent;
  if (!n || (n.type !== "for_statement" && n.type !== "for_in_clause")) return undefined;
  const left = n.childForFieldName("left");
  if (!left || !isWithin(id, left)) return undefined;
  const holder = n.type === "for_in_clause" ? n.parent : n;
  const loops = holder ? s.loopIndex().byHolder.get(holder.id) : undefined;
  return loops?.find((loop) => sameNode(loop.node, n));
}

/**
 * Every name `instanceOf` can answer for: loop targets, `self`, a serializer method's `obj` /
 * `instance`, and names assigned from a call (`.get()`, `get_object_or_404(...)`). Any other name
 * holds no provable instance, so it is rejected before scopes and loops are consulted.
 */
export function instanceCandidateNames(s: FileState): Set<string> {
  const names = new Set(["self", "obj", "instance"]);
  for (const name of s.loopIndex().targetNames) names.add(name);
  for (const name of methodFieldObjectNames(s)) names.add(name);
  const scopes = s.scopes.everyScope();
  if (scopes) {
    // Every `name = value` binding of the file is in there (the only kind `singleObject` reads).
    for (const bindings of scopes.values()) {
      for (const list of bindings.values()) {
        for (const b of list) {
          if (b.kind === "assign" && b.value && !names.has(b.name) && unwrapParens(b.value).type === "call") names.add(b.name);
          // An annotated parameter may name its model (`order: Order`); a plain one of a function whose
          // callers are all in the file may be typed from them (caller-params.ts).
          else if (b.kind === "param" && (b.annotation || isCallerTyped(s, b))) names.add(b.name);
        }
      }
    }
    return names;
  }
  for (const assignment of s.nodes.get("assignment")) {
    const left = assignment.childForFieldName("left");
    if (left?.type !== "identifier") continue;
    // `a = b = x.get()`: the value is at the end of the chain (as bindings.ts reads it).
    let value = assignment.childForFieldName("right");
    while (value?.type === "assignment") value = value.childForFieldName("right");
    if (value && unwrapParens(value).type === "call") names.add(left.text);
  }
  for (const param of s.nodes.get(["typed_parameter", "typed_default_parameter"])) {
    const id = parameterIdentifier(param);
    if (id) names.add(id.text);
  }
  return names;
}

/** An annotated parameter's row, with the loading its callers give it when they are all known (caller-params.ts). */
function withCallerLoading(s: FileState, binding: Binding, inst: InstanceInfo | undefined): InstanceInfo | undefined {
  if (!inst || inst.qs) return inst;
  const qs = callerLoading(s, binding, inst.model);
  return qs ? { ...inst, qs } : inst;
}

function isCallerTyped(s: FileState, b: Binding): boolean {
  const fn = b.node.parent?.parent;
  return b.node.type === "identifier" && fn?.type === "function_definition" && callersKnown(s, fn);
}

function reboundInBody(s: FileState, loop: LoopInfo, name: string): boolean {
  if (s.scopes.declaredNonLocal.has(name)) return true;
  // Asked for every read of a loop variable: answered once per loop and name.
  let known = reboundByLoop.get(loop);
  if (!known) reboundByLoop.set(loop, (known = new Map()));
  let answer = known.get(name);
  if (answer === undefined) {
    const bindings = s.scopes.bindingsOf(s.scopes.scopeOf(loop.node)).get(name) ?? [];
    // By position among the name's bindings (sorted once), not by testing each binding against each
    // part: a function with hundreds of `for o in …` loops had every loop test every other loop's `o`.
    const spans = bindingSpans(bindings);
    answer = loop.body.some((part) => {
      const end = part.endIndex;
      for (let i = lowerBound(spans.starts, part.startIndex); i < spans.starts.length && spans.starts[i]! <= end; i++) if (spans.ends[i]! <= end) return true;
      return false;
    });
    known.set(name, answer);
  }
  return answer;
}

const reboundByLoop = new WeakMap<LoopInfo, Map<string, boolean>>();
const spansOfBindings = new WeakMap<readonly Binding[], { starts: number[]; ends: number[] }>();

/** The bindings' node ranges, by ascending start. */
function bindingSpans(bindings: readonly Binding[]): { starts: number[]; ends: number[] } {
  let spans = spansOfBindings.get(bindings);
  if (!spans) {
    const ranges = bindings.map((b) => [b.node.startIndex, b.node.endIndex] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    spans = { starts: ranges.map((r) => r[0]), ends: ranges.map((r) => r[1]) };
    spansOfBindings.set(bindings, spans);
  }
  return spans;
}

/** The instance a value expression evaluates to: `.get()`, `.first()`, `get_object_or_404(...)`, `self.get_object()`. */
export function singleObject(s: FileState, value: SyntaxNode): InstanceInfo | undefined {
  const call = unwrapParens(value);
  if (call.type !== "call") return undefined;
  const fn = call.childForFieldName("function");
  if (fn?.type === "attribute" && SINGLE_OBJECT_METHODS.has(fn.childForFieldName("attribute")?.text ?? "")) {
    const object = fn.childForFieldName("object");
    const qs = object ? s.facts.querySetOf(object) : undefined;
    if (!qs || s.facts.coverage(qs).valuesMode) return undefined;
    return { model: qs.model, source: "single", qs };
  }
  if (calleeName(call) === "get_object_or_404") {
    const first = positionalArgs(call.childForFieldName("arguments"))[0];
    if (!first) return undefined;
    const qs = s.facts.querySetOf(first);
    if (qs) return s.facts.coverage(qs).valuesMode ? undefined : { model: qs.model, source: "single", qs };
    const model = s.facts.modelOf(first);
    return model && { model, source: "single" };
  }
  return viewObject(s, call);
}

/** The rendered-object parameter names of this file's method-field methods (`def get_fac_count(self, inst)` → `inst`). */
function methodFieldObjectNames(s: FileState): string[] {
  const methods = new Set(s.facts.index.drf.serializersIn(s.facts.file.path).flatMap((ser) => [...ser.declared.values()].flatMap((f) => (f.kind === "method" && f.methodName ? [f.methodName] : []))));
  if (methods.size === 0) return [];
  const out: string[] = [];
  for (const fn of s.nodes.get("function_definition")) {
    if (!methods.has(fn.childForFieldName("name")?.text ?? "")) continue;
    const second = fn.childForFieldName("parameters")?.namedChildren.filter((p) => p.type !== "comment")[1];
    if (second?.type === "identifier") out.push(second.text);
  }
  return out;
}

/** A `SerializerMethodField` of a serializer in this file is computed by this method (`get_<field>` or `method_name=`; DRF graph). */
function isNamedMethodField(s: FileState, name: string): boolean {
  return s.facts.index.drf.serializersIn(s.facts.file.path).some((ser) => [...ser.declared.values()].some((f) => f.kind === "method" && f.methodName === name));
}

/** `obj` / `instance` after `self` in `get_<field>`, a `method_name=` method or `to_representation` of a serializer with `Meta.model`. */
function serializerObject(s: FileState, binding: Binding): InstanceInfo | undefined {
  const method = methodOfParam(binding);
  if (!method || method.index !== 1) return undefined;
  const name = method.fn.childForFieldName("name")?.text ?? "";
  // Any parameter name in a method the DRF graph knows DRF calls per object (`def get_fac_count(self, inst)`).
  const methodField = isNamedMethodField(s, name);
  if (!methodField && binding.name !== "obj" && binding.name !== "instance") return undefined;
  if (!name.startsWith("get_") && name !== "to_representation" && !methodField) return undefined;
  if (!isSerializerClass(method.cls)) return undefined;
  const model = serializerModel(s, method.cls);
  return model && { model, source: "serializer-obj" };
}
