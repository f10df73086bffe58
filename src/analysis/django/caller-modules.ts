/**
 * Callers in other modules, from the index's callers summary (`index/callers.ts`): the model of the row
 * a call passes for a parameter, read from the call's plain-data facts. A row is `Model.manager…get()`
 * / `.first()` / `.create()` or `get_object_or_404(Model, …)` (directly or through a local name
 * assigned once); a parameter the calling function passes on unchanged is typed from that function's
 * own callers, up to MAX_DEPTH functions away. Anything else is unknown, and so is the parameter.
 */
import type { SyntaxNode } from "../parser.js";
import type { ModelInfo, ProjectIndex } from "../index/types.js";
import type { CallerCall } from "../index/callers.js";
import type { ArgFact, CallFact, FunctionShape } from "../index/call-facts.js";
import { classOfMethod } from "./syntax.js";

/** Caller of a caller of a caller: three functions away from the analysed one at most. */
const MAX_DEPTH = 2;
const DEFAULT_MANAGERS = new Set(["objects", "_default_manager", "_base_manager"]);

/** The calls of a module-level function from other modules than its own, when the index knows them all. */
export function remoteCalls(index: ProjectIndex, module: string, fn: SyntaxNode): readonly CallerCall[] | undefined {
  const name = fn.childForFieldName("name")?.text;
  const parent = fn.parent?.type === "decorated_definition" ? fn.parent.parent : fn.parent;
  if (!name || parent?.type !== "module" || classOfMethod(fn)) return undefined;
  return index.callers?.callsOf(module, name)?.filter((c) => c.module !== module);
}

/** The model of the row `call` passes for the parameter `name` (at `position`), or undefined. */
export function remoteRowModel(index: ProjectIndex, call: CallerCall, name: string, position: number | undefined, depth = 0): ModelInfo | undefined {
  const arg = argumentOf(call.call, name, position);
  return arg ? rowModel(index, call.module, arg, depth) : undefined;
}

function argumentOf(call: CallFact, name: string, position: number | undefined): ArgFact | undefined {
  if (call.splat) return undefined;
  return call.kwargs[name] ?? (position === undefined ? undefined : call.args[position]);
}

function rowModel(index: ProjectIndex, module: string, arg: ArgFact, depth: number): ModelInfo | undefined {
  switch (arg.k) {
    case "row": {
      const qn = index.resolveQualified(arg.cls);
      const model = qn ? index.models.get(qn) : undefined;
      return model && (arg.manager === undefined || isManager(model, arg.manager)) ? model : undefined;
    }
    case "param": {
      if (depth >= MAX_DEPTH) return undefined;
      const shape = index.callers?.shapeOf(module, arg.fn);
      const calls = index.callers?.callsOf(module, arg.fn);
      const slot = shape ? slotIn(shape, arg.name) : undefined;
      if (!slot || !calls || calls.length === 0) return undefined;
      let found: ModelInfo | undefined;
      for (const call of calls) {
        const model = remoteRowModel(index, call, arg.name, slot.position, depth + 1);
        if (!model || (found && found.qualifiedName !== model.qualifiedName)) return undefined;
        found = model;
      }
      return found;
    }
    default:
      return undefined;
  }
}

/**
 * `Model.<name>` read as a manager: one the index knows, Django's defaults, or a class attribute that
 * is no field, relation, method or property (a manager class the index does not recognise, such as a
 * library's scoped manager).
 */
function isManager(model: ModelInfo, name: string): boolean {
  if (model.managers.has(name) || DEFAULT_MANAGERS.has(name)) return true;
  return !model.fields.has(name) && !model.reverse.has(name) && !model.methods.has(name) && !model.properties.has(name);
}

function slotIn(shape: FunctionShape, name: string): { position?: number } | undefined {
  return shape.params.find((p) => p.name === name);
}
