/**
 * Who calls a module-level function, and with what: the per-file unit of the callers index
 * (`callers.ts`). For each call of a function the file names (imported by name, or defined at its own
 * module level), what each argument is, as far as syntax alone can tell: one row of a named model
 * (`Order.objects.filter(...).first()`, `get_object_or_404(Order, ...)`, or a local name assigned once
 * from one of those), a parameter of the calling module-level function (its own callers decide, one
 * more level), or unknown. Every other mention of such a name (handed out as a value, stored, used as a
 * decorator, reached as `module.name`) marks the function as having callers that cannot be seen, and so
 * do `__all__` entries (exported for outside use) and names given as strings (`getattr(m, "name")`,
 * `"app.tasks.name"`). Plain data, a function of path and text only: cached per blob sha.
 */
import type { SyntaxNode, TreeCursor } from "../parser.js";
import { collectImports, type ImportTable } from "../imports.js";
import { decoratorTarget, decoratorsOf, parameterIdentifier, positionalArgs, stringValue, unwrapParens } from "../django/syntax.js";
import type { ParsedModule } from "./extract.js";
import { rowExprOf } from "./row-exprs.js";

/** What a caller passes for one argument. */
export type ArgFact =
  /** One row of the class named `cls` (absolute dotted, as the file's imports give it) read through its manager `manager`. */
  | { k: "row"; cls: string; manager?: string }
  /** A parameter of the calling module-level function `fn` (of this module), passed on unchanged. */
  | { k: "param"; fn: string; name: string }
  | { k: "unknown" };

export interface CallFact {
  /** The called function as an absolute dotted name (`shop.orders.close_order`); packages may prefix it. */
  target: string;
  args: ArgFact[];
  kwargs: Record<string, ArgFact>;
  /** `f(*xs)` / `f(**kw)`: the slots cannot be matched. */
  splat: boolean;
}

export interface FunctionShape {
  /** Parameters in order; `position` is absent for keyword-only ones and for `*args` / `**kwargs`. */
  params: { name: string; position?: number }[];
  /** A decorator that may register or wrap the function (anything but `transaction.atomic`). */
  decorated: boolean;
}

export interface CallModuleFacts {
  module: string;
  /** Module-level functions by name. */
  functions: Record<string, FunctionShape>;
  calls: CallFact[];
  /** Targets mentioned other than as the callee of a call: their callers cannot all be seen. */
  escaped: string[];
  /** `__all__` entries. */
  exported: string[];
  /** Names given as strings to `getattr(x, "name")` / `hasattr`. */
  named: string[];
  /** Dotted strings (`"app.tasks.notify"`, a task path in settings, a `mock.patch` target). */
  paths: string[];
  /** By-name imports (`name` → absolute target), to follow a package's re-exports. */
  imports: Record<string, string>;
}

/** Decorators that neither register a function nor change how it is called. */
const TRANSPARENT_DECORATORS = new Set(["atomic", "transaction.atomic"]);
const IDENTIFIER = /^[A-Za-z_]\w*$/;

export function extractCallFacts(mod: ParsedModule): CallModuleFacts {
  const root = mod.tree.rootNode;
  const imports = collectImports(mod);
  const facts: CallModuleFacts = { module: mod.module, functions: {}, calls: [], escaped: [], exported: [], named: [], paths: [], imports: Object.fromEntries(imports.names) };
  const defs = new Set<string>();
  for (const stmt of root.namedChildren) {
    const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const name = def?.type === "function_definition" ? def.childForFieldName("name")?.text : undefined;
    if (def && name) {
      defs.add(name);
      facts.functions[name] = shapeOf(def);
    }
    if (stmt.type === "expression_statement") facts.exported.push(...exportedNames(stmt));
  }
  const reader = new Reader(mod, imports, defs, facts);
  reader.walk(root);
  facts.escaped = [...reader.escaped];
  facts.named = [...new Set(facts.named)];
  facts.paths = [...new Set(facts.paths)];
  return facts;
}

function shapeOf(def: SyntaxNode): FunctionShape {
  const params: FunctionShape["params"] = [];
  let position: number | undefined = 0;
  for (const p of def.childForFieldName("parameters")?.namedChildren ?? []) {
    if (p.type === "keyword_separator" || p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern") position = undefined;
    const id = parameterIdentifier(p);
    if (p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern") {
      if (id) params.push({ name: id.text });
      continue;
    }
    if (!id) continue;
    params.push(position === undefined ? { name: id.text } : { name: id.text, position: position++ });
  }
  const decorated = decoratorsOf(def).some((d) => !TRANSPARENT_DECORATORS.has(decoratorTarget(d)?.text ?? ""));
  return { params, decorated };
}

/** `__all__ = ["a", "b"]` / `__all__ += (...)`: the listed names. */
function exportedNames(stmt: SyntaxNode): string[] {
  const assign = stmt.namedChildren[0];
  if ((assign?.type !== "assignment" && assign?.type !== "augmented_assignment") || assign.childForFieldName("left")?.text !== "__all__") return [];
  const right = assign.childForFieldName("right");
  if (!right) return [];
  return right.namedChildren.map((c) => stringValue(c)).filter((v): v is string => v !== undefined);
}

class Reader {
  /** Local imports per function, read once. */
  private readonly localImports = new Map<number, ImportTable>();
  readonly escaped = new Set<string>();
  /** Names each function binds (parameters, assignments, loop targets…), read once per function. */
  private readonly locals = new Map<number, Map<string, SyntaxNode[]>>();
  /** Names some function imports locally (`from .models import Order` inside a task). */
  private readonly localImported: ReadonlySet<string>;

  constructor(
    private readonly mod: ParsedModule,
    private readonly imports: ImportTable,
    private readonly defs: ReadonlySet<string>,
    private readonly facts: CallModuleFacts,
  ) {
    const names = new Set<string>();
    for (const stmt of mod.tree.rootNode.descendantsOfType("import_from_statement")) {
      for (const n of stmt.childrenForFieldName("name")) names.add((n.type === "aliased_import" ? n.childForFieldName("alias") : n)?.text ?? "");
    }
    this.localImported = names;
  }

  /** Enclosing function of each function (by id), filled by the walk: no `parent` reads (each costs the depth). */
  private readonly outer = new Map<number, SyntaxNode | undefined>();

  /**
   * One cursor pass over the tree: nodes are materialised only where a handler needs them (child and
   * parent reads of the node API cost the node's position and depth, and a module with thousands of
   * statements made them quadratic).
   */
  walk(root: SyntaxNode): void {
    const cursor = root.walk();
    // Per depth: the node's type, the node itself when a handler may need it as a parent, the enclosing def.
    const types: string[] = [];
    const nodes: (SyntaxNode | undefined)[] = [];
    const fns: (SyntaxNode | undefined)[] = [];
    let depth = 0;
    for (;;) {
      const type = cursor.nodeType;
      const fn = fns[depth - 1];
      let node: SyntaxNode | undefined;
      let descend = cursor.nodeIsNamed && type !== "import_statement" && type !== "import_from_statement";
      if (cursor.nodeIsNamed) {
        switch (type) {
          case "identifier":
            this.identifier(cursor, types[depth - 1] ?? "", nodes[depth - 1], fn);
            descend = false;
            break;
          case "attribute":
            // Materialised only when its head may name an imported or module-level function (most do not).
            if (this.mayNameHead(cursor.nodeText)) this.attribute((node = cursor.currentNode), fn);
            break;
          case "string": {
            // An identifier path has no whitespace and a dot: most strings (messages, docstrings) are skipped unread.
            const raw = cursor.nodeText;
            if (raw.length <= 220 && raw.includes(".") && !/\s/.test(raw)) this.string(cursor.currentNode);
            descend = false;
            break;
          }
          case "call":
            this.getattrName((node = cursor.currentNode));
            break;
          case "function_definition":
            node = cursor.currentNode;
            this.outer.set(node.id, fn);
            break;
          case "default_parameter":
          case "typed_default_parameter":
            node = cursor.currentNode;
            break;
          default:
            break;
        }
      }
      types[depth] = type;
      nodes[depth] = node;
      fns[depth] = type === "function_definition" ? node : fn;
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (depth === 0 || !cursor.gotoParent()) return;
        depth--;
      }
    }
  }

  /**
   * The text before an attribute's first dot may be a name `targetOf` resolves (`attribute` then reads
   * the node). Text with a comment in it is not judged here: the node is read.
   */
  private mayNameHead(text: string): boolean {
    const dot = text.indexOf(".");
    if (dot <= 0) return false;
    const head = text.slice(0, dot);
    if (head.includes("#")) return true;
    const name = head.trim();
    return this.imports.names.has(name) || this.defs.has(name) || this.localImported.has(name);
  }

  /** The absolute target of a name the file imports by name or defines at module level, seen from inside `at`. */
  private targetOf(name: string, at: SyntaxNode | undefined): string | undefined {
    if (!this.imports.names.has(name) && !this.defs.has(name) && !this.localImported.has(name)) return undefined;
    for (let fn = at; fn; fn = this.outer.get(fn.id)) {
      const local = this.importsIn(fn).names.get(name);
      if (local) return local;
      // A parameter or local variable of the same name hides the module's (`def f(notify=False)`).
      if (this.isLocal(fn, name)) return undefined;
    }
    return this.imports.names.get(name) ?? (this.defs.has(name) ? `${this.mod.module}.${name}` : undefined);
  }

  private isLocal(fn: SyntaxNode, name: string): boolean {
    return this.bindings(fn).has(name);
  }

  private bindings(fn: SyntaxNode): Map<string, SyntaxNode[]> {
    let names = this.locals.get(fn.id);
    if (!names) this.locals.set(fn.id, (names = bindingsOf(fn)));
    return names;
  }

  private importsIn(fn: SyntaxNode): ImportTable {
    let table = this.localImports.get(fn.id);
    if (!table) {
      const body = fn.childForFieldName("body");
      table = body ? collectImports(this.mod, body) : { names: new Map(), starModules: [] };
      this.localImports.set(fn.id, table);
    }
    return table;
  }

  private identifier(cursor: TreeCursor, parentType: string, parent: SyntaxNode | undefined, fn: SyntaxNode | undefined): void {
    const name = cursor.nodeText;
    if (!this.imports.names.has(name) && !this.defs.has(name) && !this.localImported.has(name)) return;
    const field = cursor.currentFieldName;
    // The definition itself, a keyword name, an attribute name (`x.name`, read by `attribute`), a
    // parameter's own name (`def f(notify=False)`); a default value naming the function is a mention.
    if (field === "name" && ["function_definition", "class_definition", "keyword_argument", "default_parameter", "typed_default_parameter"].includes(parentType)) return;
    if ((parentType === "attribute" && field === "attribute") || parentType === "parameters" || parentType === "typed_parameter") return;
    // A default value is evaluated outside the function it belongs to.
    const scope = parentType === "default_parameter" || parentType === "typed_default_parameter" ? fn && this.outer.get(fn.id) : fn;
    const target = this.targetOf(name, scope);
    if (!target) return;
    if (parentType === "call" && field === "function" && parent) this.facts.calls.push(this.callFact(parent, target, fn));
    else this.escaped.add(target);
  }

  /** `module.name` where `module` is imported: its callers are reached by attribute, so unknown. */
  private attribute(node: SyntaxNode, fn: SyntaxNode | undefined): void {
    const object = node.childForFieldName("object");
    if (object?.type !== "identifier") return;
    const target = this.targetOf(object.text, fn);
    const name = target ? node.childForFieldName("attribute")?.text : undefined;
    if (target && name) this.escaped.add(`${target}.${name}`);
  }

  private string(node: SyntaxNode): void {
    const value = stringValue(node);
    // An identifier path: `"app.tasks.notify"`.
    if (value !== undefined && value.length <= 200 && value.includes(".") && value.split(".").every((part) => IDENTIFIER.test(part))) this.facts.paths.push(value);
  }

  /** `getattr(x, "name")` / `hasattr(x, "name")`: the name. */
  private getattrName(call: SyntaxNode): void {
    const fn = call.childForFieldName("function");
    if (fn?.type !== "identifier" || (fn.text !== "getattr" && fn.text !== "hasattr")) return;
    const name = positionalArgs(call.childForFieldName("arguments"))[1];
    const value = name ? stringValue(name) : undefined;
    if (value !== undefined && IDENTIFIER.test(value)) this.facts.named.push(value);
  }

  private callFact(call: SyntaxNode, target: string, fn: SyntaxNode | undefined): CallFact {
    const args = call.childForFieldName("arguments");
    const fact: CallFact = { target, args: [], kwargs: {}, splat: false };
    if (args?.type !== "argument_list") {
      fact.splat = true;
      return fact;
    }
    for (const arg of args.namedChildren) {
      if (arg.type === "list_splat" || arg.type === "dictionary_splat") fact.splat = true;
      else if (arg.type === "keyword_argument") {
        const name = arg.childForFieldName("name")?.text;
        const value = arg.childForFieldName("value");
        if (name && value) fact.kwargs[name] = this.argFact(value, fn);
      }
    }
    for (const arg of positionalArgs(args)) fact.args.push(this.argFact(arg, fn));
    return fact;
  }

  private argFact(node: SyntaxNode, fn: SyntaxNode | undefined): ArgFact {
    const value = unwrapParens(node);
    if (value.type === "identifier" && fn) {
      const assigned = this.bindings(fn).get(value.text) ?? [];
      if (isParameterOf(fn, value.text)) {
        const name = moduleLevelName(fn);
        // The parameter's own binding only: never reassigned in the body.
        return assigned.length === 1 && name ? { k: "param", fn: name, name: value.text } : { k: "unknown" };
      }
      const only = assigned.length === 1 ? assigned[0] : undefined;
      return only && only.type !== "function_definition" ? this.rowOf(only, fn) : { k: "unknown" };
    }
    return this.rowOf(value, fn);
  }

  /** `Model.manager[.chain…].get(...)` / `.first()` / `.create(...)`, or `get_object_or_404(Model, ...)` (row-exprs.ts). */
  private rowOf(node: SyntaxNode, fn: SyntaxNode | undefined): ArgFact {
    const row = rowExprOf(node);
    const cls = row?.model.type === "identifier" ? this.targetOf(row.model.text, fn) : undefined;
    if (!row || !cls) return { k: "unknown" };
    return row.manager === undefined ? { k: "row", cls } : { k: "row", cls, manager: row.manager };
  }
}

/** The name of a module-level function (not a method, not nested). */
function moduleLevelName(fn: SyntaxNode): string | undefined {
  const parent = fn.parent?.type === "decorated_definition" ? fn.parent.parent : fn.parent;
  return parent?.type === "module" ? fn.childForFieldName("name")?.text : undefined;
}

function isParameterOf(fn: SyntaxNode, name: string): boolean {
  return (fn.childForFieldName("parameters")?.namedChildren ?? []).some((p) => parameterIdentifier(p)?.text === name);
}

/**
 * The values assigned to `name` in the function's own body (nested functions, lambdas and classes
 * aside): a plain `name = value` gives its value; any other binding (a loop target, `with … as`, an
 * augmented or tuple assignment, a walrus, an import) gives the function node itself, which is no row.
 */
export function assignmentsOf(fn: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "lambda" || child.type === "class_definition") continue;
      if (child.type === "assignment") {
        const left = child.childForFieldName("left");
        let right = child.childForFieldName("right");
        while (right?.type === "assignment") right = right.childForFieldName("right");
        if (left?.type === "identifier" && left.text === name && right) out.push(right);
        else if (left && left.type !== "identifier" && bindsName(left, name)) out.push(fn);
      } else if (["for_statement", "for_in_clause", "augmented_assignment", "named_expression", "as_pattern", "global_statement", "nonlocal_statement"].includes(child.type)) {
        const target = child.childForFieldName("left") ?? child.childForFieldName("name") ?? child.childForFieldName("alias") ?? child;
        if (bindsName(target, name)) out.push(fn);
      }
      visit(child);
    }
  };
  const body = fn.childForFieldName("body");
  if (body) visit(body);
  return out;
}

/**
 * Every name the function binds, with what: a plain `name = value` gives its value; a parameter or any
 * other binding (a loop target, `with … as`, an augmented or tuple assignment, a walrus, a nested def)
 * gives the function node itself, which is no row. One walk per function (nested scopes aside).
 */
function bindingsOf(fn: SyntaxNode): Map<string, SyntaxNode[]> {
  const out = new Map<string, SyntaxNode[]>();
  const add = (name: string, value: SyntaxNode): void => {
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  };
  for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
    const id = parameterIdentifier(p);
    if (id) add(id.text, fn);
  }
  const addTargets = (target: SyntaxNode | null): void => {
    if (!target) return;
    if (target.type === "identifier") add(target.text, fn);
    else if (target.type !== "attribute" && target.type !== "subscript") for (const c of target.namedChildren) addTargets(c);
  };
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === "function_definition" || child.type === "class_definition") {
        addTargets(child.childForFieldName("name"));
        continue;
      }
      if (child.type === "lambda") continue;
      if (child.type === "assignment") {
        const left = child.childForFieldName("left");
        let right = child.childForFieldName("right");
        while (right?.type === "assignment") right = right.childForFieldName("right");
        if (left?.type === "identifier" && right) add(left.text, right);
        else addTargets(left);
      } else if (child.type === "augmented_assignment" || child.type === "for_statement" || child.type === "for_in_clause") addTargets(child.childForFieldName("left"));
      else if (child.type === "named_expression") addTargets(child.childForFieldName("name"));
      else if (child.type === "as_pattern") addTargets(child.childForFieldName("alias"));
      else if (child.type === "global_statement" || child.type === "nonlocal_statement") addTargets(child);
      visit(child);
    }
  };
  const body = fn.childForFieldName("body");
  if (body) visit(body);
  return out;
}

function bindsName(target: SyntaxNode, name: string): boolean {
  if (target.type === "identifier") return target.text === name;
  return target.namedChildren.some((c) => c.type !== "attribute" && c.type !== "subscript" && bindsName(c, name));
}
