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
import { NAMED_NODE_TYPES, type SyntaxNode, type TreeCursor } from "../parser.js";
import { addImport, collectImports, MODULE_LEVEL_CONTAINERS, type ImportTable } from "../imports.js";
import { decoratorTarget, decoratorsOf, parameterIdentifier, positionalArgs, stringValue, unwrapParens } from "../django/syntax.js";
import type { ParsedModule } from "./extract.js";
import { rowExprOf } from "./row-exprs.js";
import { handedToAnotherThread } from "../django/thread-handoff.js";
import { extractClassUses, type ClassUses } from "./class-uses.js";
import { extractManyCalls, type ManyCall } from "./many-calls.js";
import { requestTimerClasses } from "./request-timers.js";

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
  /**
   * Targets handed to another thread or process (`Thread(target=f)`, `executor.submit(f)`): they
   * run, but not in the code that names them. Their callers cannot all be seen either.
   */
  threaded: string[];
  /** `__all__` entries. */
  exported: string[];
  /** Names given as strings to `getattr(x, "name")` / `hasattr`. */
  named: string[];
  /** Dotted strings (`"app.tasks.notify"`, a task path in settings, a `mock.patch` target). */
  paths: string[];
  /** By-name imports (`name` → absolute target), to follow a package's re-exports. */
  imports: Record<string, string>;
  /** How the module mentions view classes (the routes index, `class-uses.ts`); absent: none. */
  classUses?: ClassUses;
  /** `S(rows, many=True)` calls of classes the module names (`many-calls.ts`); absent: none. */
  manyCalls?: ManyCall[];
  /** Management commands the module runs by name (`call_command("import_parties")`); absent: none. */
  commands?: string[];
  /** Middleware classes that time each request and log it (`request-timers.ts`); absent: none. */
  requestTimers?: string[];
}

/** Decorators that neither register a function nor change how it is called. */
const TRANSPARENT_DECORATORS = new Set(["atomic", "transaction.atomic"]);
const IDENTIFIER = /^[A-Za-z_]\w*$/;

export function extractCallFacts(mod: ParsedModule): CallModuleFacts {
  const root = mod.tree.rootNode;
  const imports = collectImports(mod);
  const facts: CallModuleFacts = { module: mod.module, functions: {}, calls: [], escaped: [], threaded: [], exported: [], named: [], paths: [], imports: Object.fromEntries(imports.names) };
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
  reader.read(root);
  facts.escaped = [...reader.escaped];
  facts.threaded = [...reader.threaded];
  facts.named = [...new Set(facts.named)];
  facts.paths = [...new Set(facts.paths)];
  const classUses = extractClassUses(mod);
  if (classUses) facts.classUses = classUses;
  const manyCalls = extractManyCalls(mod, imports);
  if (manyCalls.length > 0) facts.manyCalls = manyCalls;
  const commands = calledCommands(root, mod.text);
  if (commands.length > 0) facts.commands = commands;
  const timers = requestTimerClasses(root, mod.text);
  if (timers.length > 0) facts.requestTimers = timers;
  return facts;
}

/** The literal first arguments of `call_command(...)` / `management.call_command(...)`. */
function calledCommands(root: SyntaxNode, text: string): string[] {
  if (!text.includes("call_command")) return [];
  const names = new Set<string>();
  for (const call of root.descendantsOfType("call")) {
    const fn = call.childForFieldName("function");
    const callee = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : fn?.text;
    if (callee !== "call_command") continue;
    const first = call.childForFieldName("arguments")?.namedChildren[0];
    const name = first ? stringValue(first) : undefined;
    if (name) names.add(name);
  }
  return [...names];
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

/** How a function binds a name: how often, and the first binding (parameters first). */
interface Binding {
  count: number;
  /**
   * "fn" for a parameter, a loop target, a nested def or any binding that is not a plain
   * `name = value`; "other" for a plain value that cannot be a row (`rowExprOf` reads calls only);
   * else the value node (a call, or parentheses around one).
   */
  first: "fn" | "other" | SyntaxNode;
}

/** A function of the file, as the walk found it. */
interface FunctionRec {
  node: SyntaxNode;
  outer: FunctionRec | undefined;
  /** Its name when it is defined at module level (directly or decorated): `param` facts name it. */
  moduleLevel: boolean;
  name?: string;
  /** Names its own body binds (nested functions, lambdas and class bodies aside), parameters not included. */
  bound: Map<string, Binding>;
  /** Imports of its body's statements (and of `if`/`try` blocks in it), as `collectImports(mod, body)` reads them. */
  imports: ImportTable;
  /** Parameter names (with how often each occurs), read when first asked. */
  params?: Map<string, number>;
}

/** A plain `name = value` (or a chain `a = b = value`) whose value is not seen yet. */
interface AssignFrame {
  owner: FunctionRec;
  /** Identifier targets of this assignment and of the chain it is the value of. */
  names: string[];
  sawRight: boolean;
}

/** A name of interest, resolved after the walk (a later binding in the function hides it too). */
type Mention =
  | { k: "name"; name: string; scope: FunctionRec | undefined; fn: FunctionRec | undefined; call?: SyntaxNode; threaded?: true }
  | { k: "attr"; fn: FunctionRec | undefined; object?: string; attr?: string };

/** Statement kinds whose `left` / `name` / `alias` field binds names (bindingsOf's list). */
const TARGET_FIELDS: ReadonlyMap<string, string> = new Map([
  ["augmented_assignment", "left"],
  ["for_statement", "left"],
  ["for_in_clause", "left"],
  ["named_expression", "name"],
  ["as_pattern", "alias"],
]);
/** Parents whose children's field names the walk needs. */
const FIELD_PARENTS = new Set(["function_definition", "class_definition", "assignment", ...TARGET_FIELDS.keys()]);
/** A call's value (or parentheses around one) may be a row (`rowExprOf`); any other value cannot. */
const MAY_BE_ROW = new Set(["call", "parenthesized_expression"]);
const F_STRING = /^[a-zA-Z]*[fF]/;

class Reader {
  readonly escaped = new Set<string>();
  readonly threaded = new Set<string>();
  /** Names some function imports locally (`from .models import Order` inside a task). */
  private readonly localImported: ReadonlySet<string>;
  private readonly mentions: Mention[] = [];

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

  /** Reads the file, then resolves every mention against the bindings and imports the walk collected. */
  read(root: SyntaxNode): void {
    this.walk(root);
    for (const m of this.mentions) {
      if (m.k === "attr") {
        const target = m.object !== undefined && m.attr !== undefined ? this.targetOf(m.object, m.fn) : undefined;
        if (target) this.escaped.add(`${target}.${m.attr}`);
        continue;
      }
      const target = this.targetOf(m.name, m.scope);
      if (!target) continue;
      if (m.call) this.facts.calls.push(this.callFact(m.call, target, m.fn));
      else if (m.threaded) this.threaded.add(target);
      else this.escaped.add(target);
    }
  }

  private candidate(name: string): boolean {
    return this.imports.names.has(name) || this.defs.has(name) || this.localImported.has(name);
  }

  /**
   * One cursor pass over the tree that also collects what each function binds and imports (no second
   * walk per function). Nodes are materialised only where a fact needs them: each function, a call
   * whose callee may be a function of interest (or `getattr`), a plain assigned call, a local import,
   * a string that may be a dotted path. Per depth: the node's type, the enclosing function, the
   * function whose bindings the node feeds (`owners`), whether it is a binding target of that function
   * (`targets`), the function whose local imports it may add (`importScopes`), and open frames.
   */
  private walk(root: SyntaxNode): void {
    const cursor = root.walk();
    const types: string[] = [];
    const fns: (FunctionRec | undefined)[] = [];
    const owners: (FunctionRec | undefined)[] = [];
    const targets: (FunctionRec | undefined)[] = [];
    const importScopes: (FunctionRec | undefined)[] = [];
    const assigns: (AssignFrame | undefined)[] = [];
    const attrs: (Extract<Mention, { k: "attr" }> | undefined)[] = [];
    // Inside an f-string's interpolation: bindings are read (a walrus binds), nothing else is.
    const quiet: boolean[] = [];
    let depth = 0;
    for (;;) {
      const named = cursor.nodeIsNamed;
      // Anonymous nodes (punctuation, keywords) are never parents here and hold no facts.
      const type = named ? (NAMED_NODE_TYPES[cursor.nodeTypeId] ?? cursor.nodeType) : "";
      const parentType = types[depth - 1] ?? "";
      const fn = fns[depth - 1];
      const field = FIELD_PARENTS.has(parentType) || attrs[depth - 1] ? cursor.currentFieldName : undefined;
      // bindingsOf's reach: a function's body, not nested functions', classes' or lambdas' insides.
      const owner =
        parentType === "function_definition" ? (field === "body" ? fn : undefined) : parentType === "class_definition" || parentType === "lambda" ? undefined : owners[depth - 1];
      const parentAssign = assigns[depth - 1];
      let target: FunctionRec | undefined = targets[depth - 1];
      if (parentAssign && field === "left" && type !== "identifier") target = owner;
      else if (owner && field !== undefined && TARGET_FIELDS.get(parentType) === field) target = owner;
      const importScope = importScopes[depth - 1];
      const silent = quiet[depth - 1] === true;
      let descend = named && type !== "import_statement" && type !== "import_from_statement";
      let rec: FunctionRec | undefined;
      let assign: AssignFrame | undefined;
      let attr: Extract<Mention, { k: "attr" }> | undefined;
      let childImports: FunctionRec | undefined;
      let quietChildren = silent;
      if (named) {
        switch (type) {
          case "identifier": {
            const name = cursor.nodeText;
            const parentAttr = attrs[depth - 1];
            if (target) this.bind(target, name, "fn");
            else if (field === "name" && (parentType === "function_definition" || parentType === "class_definition")) {
              // A nested def or class binds its name in the function around it.
              this.bind(owners[depth - 1], name, "fn");
              if (parentType === "function_definition" && fn?.moduleLevel) fn.name = name;
            }
            if (parentAssign && field === "left") parentAssign.names.push(name);
            if (parentAttr) {
              if (field === "object") parentAttr.object = name;
              else if (field === "attribute") parentAttr.attr = name;
            }
            if (!silent) this.identifier(cursor, name, parentType, FIELD_PARENTS.has(parentType) || parentAttr ? field : null, fn);
            descend = false;
            break;
          }
          case "attribute":
            // Read only when its head may name an imported or module-level function (most do not).
            if (!silent && this.mayNameHead(cursor.nodeText)) this.mentions.push((attr = { k: "attr", fn }));
            break;
          case "string": {
            const raw = cursor.nodeText;
            // An identifier path has no whitespace and a dot: most strings (messages, docstrings) are skipped unread.
            if (!silent && raw.length <= 220 && raw.includes(".") && !/\s/.test(raw)) this.string(cursor.currentNode);
            // An f-string's interpolations can bind (`{(n := 1)}`, a comprehension): read for that only.
            descend = owner !== undefined && raw.includes("{") && F_STRING.test(raw);
            quietChildren = true;
            break;
          }
          case "function_definition": {
            const node = cursor.currentNode;
            const outerType = parentType === "decorated_definition" ? types[depth - 2] : parentType;
            rec = { node, outer: fn, moduleLevel: outerType === "module", bound: new Map(), imports: { names: new Map(), starModules: [] } };
            break;
          }
          case "assignment":
            if (owner) {
              // The value of `a = b = value` is the innermost right side: `a` waits for it too.
              const carried = parentAssign && field === "right" ? parentAssign.names : [];
              assign = { owner, names: [...carried], sawRight: false };
            }
            break;
          case "global_statement":
          case "nonlocal_statement":
            if (owner) target = owner;
            break;
          case "import_statement":
          case "import_from_statement":
            if (importScope) addImport(cursor.currentNode, this.mod, importScope.imports);
            break;
          default:
            break;
        }
        if (parentAssign && field === "right") {
          parentAssign.sawRight = true;
          if (type !== "assignment") {
            const value = MAY_BE_ROW.has(type) ? cursor.currentNode : "other";
            for (const name of parentAssign.names) this.bind(parentAssign.owner, name, value);
          }
        }
        // collectImports(mod, body): the body's statements, and those of `if`/`try` blocks within.
        if (parentType === "function_definition" && field === "body") childImports = fn;
        else if (importScope && MODULE_LEVEL_CONTAINERS.has(type)) childImports = importScope;
      }
      types[depth] = type;
      fns[depth] = rec ?? fn;
      owners[depth] = owner;
      targets[depth] = target && type !== "attribute" && type !== "subscript" ? target : undefined;
      importScopes[depth] = childImports;
      assigns[depth] = assign;
      attrs[depth] = attr;
      quiet[depth] = quietChildren;
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      this.leave(assigns, attrs, depth);
      while (!cursor.gotoNextSibling()) {
        if (depth === 0 || !cursor.gotoParent()) return;
        depth--;
        this.leave(assigns, attrs, depth);
      }
    }
  }

  /** The node at `depth` is done: an assignment without a value (`x: int`) binds its names anyway. */
  private leave(assigns: (AssignFrame | undefined)[], attrs: unknown[], depth: number): void {
    const frame = assigns[depth];
    if (frame) {
      if (!frame.sawRight) for (const name of frame.names) this.bind(frame.owner, name, "fn");
      assigns[depth] = undefined;
    }
    attrs[depth] = undefined;
  }

  private bind(fn: FunctionRec | undefined, name: string, value: Binding["first"]): void {
    if (!fn) return;
    const seen = fn.bound.get(name);
    if (seen) seen.count++;
    else fn.bound.set(name, { count: 1, first: value });
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
    return this.candidate(head.trim());
  }

  /** The absolute target of a name the file imports by name or defines at module level, seen from inside `at`. */
  private targetOf(name: string, at: FunctionRec | undefined): string | undefined {
    if (!this.candidate(name)) return undefined;
    for (let fn = at; fn; fn = fn.outer) {
      const local = fn.imports.names.get(name);
      if (local) return local;
      // A parameter or local variable of the same name hides the module's (`def f(notify=False)`).
      if (fn.bound.has(name) || this.paramsOf(fn).has(name)) return undefined;
    }
    return this.imports.names.get(name) ?? (this.defs.has(name) ? `${this.mod.module}.${name}` : undefined);
  }

  /** Parameter names of a function, with how often each occurs. */
  private paramsOf(fn: FunctionRec): Map<string, number> {
    if (fn.params) return fn.params;
    const params = new Map<string, number>();
    for (const p of fn.node.childForFieldName("parameters")?.namedChildren ?? []) {
      const id = parameterIdentifier(p)?.text;
      if (id !== undefined) params.set(id, (params.get(id) ?? 0) + 1);
    }
    return (fn.params = params);
  }

  /**
   * A name read in the walk (`field` null when not read yet: it is read only for names of interest).
   * A call's callee is the call's first child, so the call node is read by stepping up and back.
   */
  private identifier(cursor: TreeCursor, name: string, parentType: string, known: string | undefined | null, fn: FunctionRec | undefined): void {
    const isCallee = parentType === "call";
    const interesting = this.candidate(name);
    if (!interesting && !(isCallee && (name === "getattr" || name === "hasattr"))) return;
    let call: SyntaxNode | undefined;
    if (isCallee) {
      cursor.gotoParent();
      call = cursor.currentNode;
      cursor.gotoFirstChild();
      this.getattrName(call, name);
    }
    if (!interesting) return;
    const field = known === null ? cursor.currentFieldName : known;
    // The definition itself, a keyword name, an attribute name (`x.name`, read by `attribute`), a
    // parameter's own name (`def f(notify=False)`); a default value naming the function is a mention.
    if (field === "name" && ["function_definition", "class_definition", "keyword_argument", "default_parameter", "typed_default_parameter"].includes(parentType)) return;
    if ((parentType === "attribute" && field === "attribute") || parentType === "parameters" || parentType === "typed_parameter") return;
    // A default value is evaluated outside the function it belongs to.
    const scope = parentType === "default_parameter" || parentType === "typed_default_parameter" ? fn?.outer : fn;
    if (isCallee && field === "function") this.mentions.push({ k: "name", name, scope, fn, call });
    else if ((parentType === "keyword_argument" || parentType === "argument_list") && handedToAnotherThread(cursor.currentNode)) this.mentions.push({ k: "name", name, scope, fn, threaded: true });
    else this.mentions.push({ k: "name", name, scope, fn });
  }

  private string(node: SyntaxNode): void {
    const value = stringValue(node);
    // An identifier path: `"app.tasks.notify"`.
    if (value !== undefined && value.length <= 200 && value.includes(".") && value.split(".").every((part) => IDENTIFIER.test(part))) this.facts.paths.push(value);
  }

  /** `getattr(x, "name")` / `hasattr(x, "name")`: the name. */
  private getattrName(call: SyntaxNode, callee: string): void {
    if (callee !== "getattr" && callee !== "hasattr") return;
    const name = positionalArgs(call.childForFieldName("arguments"))[1];
    const value = name ? stringValue(name) : undefined;
    if (value !== undefined && IDENTIFIER.test(value)) this.facts.named.push(value);
  }

  private callFact(call: SyntaxNode, target: string, fn: FunctionRec | undefined): CallFact {
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

  private argFact(node: SyntaxNode, fn: FunctionRec | undefined): ArgFact {
    const value = unwrapParens(node);
    if (value.type === "identifier" && fn) {
      const name = value.text;
      const asParam = this.paramsOf(fn).get(name) ?? 0;
      const bound = fn.bound.get(name);
      const count = asParam + (bound?.count ?? 0);
      if (asParam > 0) {
        // The parameter's own binding only: never reassigned in the body.
        return count === 1 && fn.moduleLevel && fn.name ? { k: "param", fn: fn.name, name } : { k: "unknown" };
      }
      const only = count === 1 ? bound?.first : undefined;
      return only !== undefined && only !== "fn" && only !== "other" ? this.rowOf(only, fn) : { k: "unknown" };
    }
    return this.rowOf(value, fn);
  }

  /** `Model.manager[.chain…].get(...)` / `.first()` / `.create(...)`, or `get_object_or_404(Model, ...)` (row-exprs.ts). */
  private rowOf(node: SyntaxNode, fn: FunctionRec | undefined): ArgFact {
    const row = rowExprOf(node);
    const cls = row?.model.type === "identifier" ? this.targetOf(row.model.text, fn) : undefined;
    if (!row || !cls) return { k: "unknown" };
    return row.manager === undefined ? { k: "row", cls } : { k: "row", cls, manager: row.manager };
  }
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

function bindsName(target: SyntaxNode, name: string): boolean {
  if (target.type === "identifier") return target.text === name;
  return target.namedChildren.some((c) => c.type !== "attribute" && c.type !== "subscript" && bindsName(c, name));
}
