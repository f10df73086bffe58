/**
 * Function registries (issue 9): a module-private dict filled by a setter function and read by a getter,
 * as plug-in points for QuerySet helpers (`register_filter("orders.visible", _visible_orders)` at
 * module level, `impl = get_filter("orders.visible")` in the helper a view calls). What a key holds is
 * provable inside the project when the dict is private (`_REGISTRY`), written only by the setter
 * (`_REGISTRY[key] = func`) and read only by the getter (`return _REGISTRY.get(key)`), and every
 * registration of the key names a function the index read. Anything else stays unresolved.
 */
import type { SyntaxNode } from "../../parser.js";
import type { IndexContext } from "../context.js";
import type { ModuleFacts } from "../facts.js";

export interface RegistryFacts {
  /** Functions returning `_REGISTRY.get(key)` / `_REGISTRY[key]`: name → the dict's name. */
  getters?: Map<string, string>;
  /** Functions doing `_REGISTRY[key] = func` with two of their parameters: name → dict and positions. */
  setters?: Map<string, { registry: string; key: number; value: number }>;
  /** Module-level calls `callee("literal key", function_name, ...)`: candidate registrations. */
  calls?: { callee: string; key: string; value: string }[];
}

const PRIVATE_DICT = /^_\w+$/;

/** Reads a module-level function as a registry getter or setter (into `facts`). */
export function readRegistryFunction(def: SyntaxNode, facts: RegistryFacts): void {
  const name = def.childForFieldName("name")?.text;
  const body = def.childForFieldName("body");
  if (!name || !body) return;
  const params = (def.childForFieldName("parameters")?.namedChildren ?? []).map((p) => (p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? "")));
  const stmts = body.namedChildren.filter((n) => n.type !== "comment" && !(n.type === "expression_statement" && n.namedChildren[0]?.type === "string"));
  const only = stmts.length === 1 ? stmts[0] : undefined;
  const value = only?.type === "return_statement" ? only.namedChildren[0] : undefined;
  const read = value ? registryRead(value, params) : undefined;
  if (read) (facts.getters ??= new Map()).set(name, read);
  for (const assign of body.descendantsOfType("assignment")) {
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    const dict = left?.type === "subscript" ? left.childForFieldName("value") : undefined;
    const key = left?.type === "subscript" ? left.childForFieldName("subscript") : undefined;
    if (dict?.type !== "identifier" || !PRIVATE_DICT.test(dict.text) || key?.type !== "identifier" || right?.type !== "identifier") continue;
    const k = params.indexOf(key.text);
    const v = params.indexOf(right.text);
    if (k >= 0 && v >= 0) (facts.setters ??= new Map()).set(name, { registry: dict.text, key: k, value: v });
  }
}

/** `_REGISTRY.get(key)` or `_REGISTRY[key]` with `key` a parameter: the dict's name. */
function registryRead(value: SyntaxNode, params: readonly string[]): string | undefined {
  if (value.type === "subscript") {
    const dict = value.childForFieldName("value");
    const key = value.childForFieldName("subscript");
    return dict?.type === "identifier" && PRIVATE_DICT.test(dict.text) && key?.type === "identifier" && params.includes(key.text) ? dict.text : undefined;
  }
  const fn = value.type === "call" ? value.childForFieldName("function") : undefined;
  const args = value.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
  const dict = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
  if (fn?.childForFieldName("attribute")?.text !== "get" || dict?.type !== "identifier" || !PRIVATE_DICT.test(dict.text)) return undefined;
  return args.length === 1 && args[0]?.type === "identifier" && params.includes(args[0].text) ? dict.text : undefined;
}

/** A module-level `callee("key", name, ...)` statement: a candidate registration. */
export function registrationCallOf(stmt: SyntaxNode): NonNullable<RegistryFacts["calls"]>[number] | undefined {
  const call = stmt.namedChildren[0];
  if (call?.type !== "call") return undefined;
  const callee = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren.filter((a) => a.type !== "comment") ?? [];
  const [key, value] = args;
  if ((callee?.type !== "identifier" && callee?.type !== "attribute") || key?.type !== "string" || (value?.type !== "identifier" && value?.type !== "attribute")) return undefined;
  const literal = key.namedChildren.filter((c) => c.type === "string_content");
  if (literal.length !== 1 || key.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return { callee: callee.text, key: literal[0]?.text ?? "", value: value.text };
}

/** A project function: its module and name. */
export interface FunctionRef {
  mod: ModuleFacts;
  name: string;
}

/**
 * The functions registered under `key` in the registry that `getter` (a name in `mod`) reads, or
 * undefined when that is not provable: the getter is not a registry read, or no registration of the
 * key names a function of the project.
 */
export function registeredFunctions(ctx: IndexContext, mod: ModuleFacts, getter: string, key: string, resolveFunction: (mod: ModuleFacts, dotted: string) => FunctionRef | undefined): FunctionRef[] | undefined {
  const g = resolveFunction(mod, getter);
  const dict = g?.mod.registry?.getters?.get(g.name);
  if (!g || !dict) return undefined;
  const found: FunctionRef[] = [];
  for (const m of ctx.symbols.modules.values()) {
    for (const call of m.registry?.calls ?? []) {
      if (call.key !== key) continue;
      const setter = resolveFunction(m, call.callee);
      const spec = setter?.mod.registry?.setters?.get(setter.name);
      if (!setter || setter.mod !== g.mod || spec?.registry !== dict || spec.key !== 0 || spec.value !== 1) continue;
      const fn = resolveFunction(m, call.value);
      // A registration the index cannot follow makes the key's contents unknown.
      if (!fn) return undefined;
      found.push(fn);
    }
  }
  return found.length > 0 ? found : undefined;
}
