/**
 * Reads the module-level statements of one settings-like module into plain data (syntax.ts). Only
 * what settings evaluation needs is kept; everything else becomes `other` / `opaque` so that the
 * evaluator says "unknown" instead of guessing.
 */
import type { SyntaxNode } from "../../parser.js";
import { resolveRelative } from "../../imports.js";
import { stringValue } from "../expr.js";
import { rootName } from "../../django/syntax.js";
import type { SArg, SEntry, SExpr, SItem, SStmt, STarget } from "./syntax.js";

/** Long expression texts are only shown in notes and "unverified" lines: keep them short. */
const MAX_TEXT = 160;
const MAX_DEPTH = 40;

interface ModuleName {
  module: string;
  isPackage: boolean;
}

interface Reading extends ModuleName {
  /** Names bound to django-configurations' `Configuration` or to a class derived from it, so far. */
  configurationClasses: Set<string>;
}

/** The package of django-configurations; its `Configuration` class holds settings as class attributes. */
const CONFIGURATIONS_PACKAGE = "configurations";

/**
 * Settings every Django project sets: a class in a settings module that assigns one of them holds the
 * settings as class attributes (django-configurations, django-environment-config and their like, whose
 * base class the index cannot read).
 */
const CORE_SETTINGS = new Set(["INSTALLED_APPS", "MIDDLEWARE", "DATABASES", "ROOT_URLCONF", "SECRET_KEY", "TEMPLATES"]);

function assignsCoreSetting(cls: SyntaxNode): boolean {
  const body = cls.childForFieldName("body");
  return (body?.namedChildren ?? []).some((stmt) => {
    const assignment = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : undefined;
    return left?.type === "identifier" && CORE_SETTINGS.has(left.text);
  });
}

export function readStatements(block: SyntaxNode, mod: ModuleName): SStmt[] {
  const reading: Reading = "configurationClasses" in mod ? (mod as Reading) : { module: mod.module, isPackage: mod.isPackage, configurationClasses: new Set() };
  const out: SStmt[] = [];
  for (const stmt of block.namedChildren) readStatement(stmt, reading, out);
  return out;
}

function readStatement(node: SyntaxNode, mod: Reading, out: SStmt[]): void {
  const line = node.startPosition.row + 1;
  switch (node.type) {
    case "expression_statement": {
      for (const child of node.namedChildren) readExpressionStatement(child, line, out);
      return;
    }
    case "import_statement":
      for (const name of node.childrenForFieldName("name")) {
        if (name.type === "aliased_import") {
          const target = name.childForFieldName("name")?.text;
          const alias = name.childForFieldName("alias")?.text;
          if (target && alias) out.push({ s: "import", local: alias, target, member: false, line });
        } else {
          const first = name.text.split(".")[0];
          if (first) out.push({ s: "import", local: first, target: first, member: false, line });
          if (first === CONFIGURATIONS_PACKAGE) mod.configurationClasses.add(`${CONFIGURATIONS_PACKAGE}.Configuration`);
        }
      }
      return;
    case "import_from_statement": {
      const moduleNode = node.childForFieldName("module_name");
      const from = moduleNode ? resolveRelative(moduleNode.text, mod) : undefined;
      if (from === undefined) return;
      if (node.namedChildren.some((c) => c.type === "wildcard_import")) {
        out.push({ s: "star", module: from, line });
        return;
      }
      for (const name of node.childrenForFieldName("name")) {
        const target = name.type === "aliased_import" ? name.childForFieldName("name")?.text : name.text;
        const local = name.type === "aliased_import" ? name.childForFieldName("alias")?.text : name.text;
        if (target && local) out.push({ s: "import", local, target: from === "" ? target : `${from}.${target}`, member: true, line });
        if (target === "Configuration" && local && (from === CONFIGURATIONS_PACKAGE || from.startsWith(`${CONFIGURATIONS_PACKAGE}.`))) mod.configurationClasses.add(local);
      }
      return;
    }
    case "if_statement": {
      const branches: Array<{ cond?: SExpr; body: SStmt[] }> = [];
      const cond = node.childForFieldName("condition");
      const body = node.childForFieldName("consequence");
      branches.push({ ...(cond ? { cond: exprOf(cond) } : {}), body: body ? readStatements(body, mod) : [] });
      for (const alt of node.childrenForFieldName("alternative")) {
        const altBody = alt.childForFieldName("body") ?? alt.childForFieldName("consequence");
        const altCond = alt.type === "elif_clause" ? alt.childForFieldName("condition") : null;
        branches.push({ ...(altCond ? { cond: exprOf(altCond) } : {}), body: altBody ? readStatements(altBody, mod) : [] });
      }
      out.push({ s: "if", branches, line });
      return;
    }
    case "try_statement": {
      const body = node.childForFieldName("body");
      const handlers: SStmt[][] = [];
      let orelse: SStmt[] = [];
      let final: SStmt[] = [];
      for (const child of node.namedChildren) {
        const block = child.namedChildren.find((c) => c.type === "block");
        if (child.type === "except_clause" || child.type === "except_group_clause") handlers.push(block ? readStatements(block, mod) : []);
        else if (child.type === "else_clause") orelse = block ? readStatements(block, mod) : [];
        else if (child.type === "finally_clause") final = block ? readStatements(block, mod) : [];
      }
      out.push({ s: "try", body: body ? readStatements(body, mod) : [], handlers, orelse, final, line });
      return;
    }
    case "with_statement": {
      // `with open(...) as f: SECRETS = json.load(f)`: the body runs once. `with suppress(ImportError):`
      // is a `try:` whose errors are ignored.
      const body = node.childForFieldName("body");
      const header = node.namedChildren.find((c) => c.type === "with_clause");
      const statements = body ? readStatements(body, mod) : [];
      if (header && /\bsuppress\s*\(/.test(header.text)) out.push({ s: "try", body: statements, handlers: [[]], orelse: [], final: [], line });
      else out.push(...statements);
      return;
    }
    case "class_definition": {
      const name = node.childForFieldName("name")?.text;
      if (!name) return;
      const bases = node.childForFieldName("superclasses")?.namedChildren.map((b) => b.text) ?? [];
      if (bases.some((b) => mod.configurationClasses.has(b)) || assignsCoreSetting(node)) {
        mod.configurationClasses.add(name);
        out.push({ s: "settingsClass", name, line });
      } else {
        out.push({ s: "def", name, line });
      }
      return;
    }
    case "function_definition": {
      const name = node.childForFieldName("name")?.text;
      if (name) out.push({ s: "def", name, line });
      return;
    }
    case "decorated_definition": {
      const def = node.childForFieldName("definition");
      if (def) readStatement(def, mod, out);
      return;
    }
    case "raise_statement":
      out.push({ s: "raise", line });
      return;
    case "for_statement":
    case "while_statement": {
      const names = mutatedNames(node);
      if (names.length > 0) out.push({ s: "opaque", names, line });
      return;
    }
    case "delete_statement":
      for (const target of node.namedChildren.flatMap((c) => (c.type === "expression_list" ? c.namedChildren : [c]))) {
        const t = targetOf(target);
        if (t && t.path.length > 0) out.push({ s: "del", target: t, line });
        else if (t) out.push({ s: "opaque", names: [t.name], line });
      }
      return;
    case "ERROR":
    case "block":
      for (const child of node.namedChildren) readStatement(child, mod, out);
      return;
    default:
      return;
  }
}

function readExpressionStatement(node: SyntaxNode, line: number, out: SStmt[]): void {
  switch (node.type) {
    case "assignment": {
      // `A = B = value`: the right side of the outer assignment is another assignment.
      const targets: SyntaxNode[] = [];
      let cur: SyntaxNode | null = node;
      let value: SyntaxNode | null = null;
      while (cur?.type === "assignment") {
        const left = cur.childForFieldName("left");
        if (left) targets.push(left);
        value = cur.childForFieldName("right");
        cur = value;
      }
      if (!value) return; // an annotation without a value (`X: int`)
      const v = exprOf(value);
      const names: string[] = [];
      for (const target of targets) {
        if (target.type === "identifier") names.push(target.text);
        else if (target.type === "pattern_list" || target.type === "tuple_pattern" || target.type === "list_pattern") {
          const parts = target.namedChildren.map((c) => (c.type === "identifier" ? c.text : undefined));
          if (parts.every((p): p is string => p !== undefined)) out.push({ s: "unpack", names: parts, value: v, line });
          else out.push({ s: "opaque", names: parts.filter((p): p is string => p !== undefined), line });
        } else {
          const t = targetOf(target);
          if (t) out.push({ s: "set", target: t, value: v, line });
        }
      }
      if (names.length > 0) out.push({ s: "assign", names, value: v, line });
      return;
    }
    case "augmented_assignment": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const op = node.childForFieldName("operator")?.text ?? "+=";
      const t = left ? targetOf(left) : undefined;
      if (t && right) out.push({ s: "aug", target: t, op: op.replace(/=$/, ""), value: exprOf(right), line });
      return;
    }
    case "call":
      out.push({ s: "call", call: exprOf(node), line });
      return;
    default:
      return;
  }
}

/** `X`, `X["a"]["b"]`, `app.conf.task_routes` as a name plus a path; undefined for other shapes. */
function targetOf(node: SyntaxNode): STarget | undefined {
  const path: STarget["path"] = [];
  let cur: SyntaxNode | null = node;
  for (let depth = 0; cur && depth < MAX_DEPTH; depth++) {
    if (cur.type === "identifier") return { name: cur.text, path: path.reverse() };
    if (cur.type === "subscript") {
      const key = cur.childForFieldName("subscript");
      if (!key) return undefined;
      path.push({ key: exprOf(key) });
      cur = cur.childForFieldName("value");
    } else if (cur.type === "attribute") {
      const attr = cur.childForFieldName("attribute")?.text;
      if (!attr) return undefined;
      path.push({ attr });
      cur = cur.childForFieldName("object");
    } else return undefined;
  }
  return undefined;
}

/** Names a loop body may assign or mutate (`X = …`, `X += …`, `X[k] = …`, `X.append(…)`). */
function mutatedNames(node: SyntaxNode): string[] {
  const names = new Set<string>();
  const visit = (n: SyntaxNode, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (n.type === "assignment" || n.type === "augmented_assignment") {
      const left = n.childForFieldName("left");
      const root = left ? rootName(left) : undefined;
      if (root) names.add(root);
      for (const id of left?.type === "pattern_list" || left?.type === "tuple_pattern" ? left.namedChildren : []) {
        if (id.type === "identifier") names.add(id.text);
      }
    } else if (n.type === "call") {
      const fn = n.childForFieldName("function");
      if (fn?.type === "attribute") {
        const root = rootName(fn.childForFieldName("object") ?? fn);
        if (root) names.add(root);
      }
    }
    for (const child of n.namedChildren) visit(child, depth + 1);
  };
  visit(node, 0);
  return [...names];
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT - 1)}…` : oneLine;
}

export function exprOf(node: SyntaxNode, depth = 0): SExpr {
  const line = node.startPosition.row + 1;
  if (depth > MAX_DEPTH) return { k: "other", text: short(node.text), line };
  const sub = (n: SyntaxNode): SExpr => exprOf(n, depth + 1);
  switch (node.type) {
    case "string":
    case "concatenated_string": {
      const v = stringValue(node);
      if (v !== undefined) return { k: "str", v, line };
      const parts = node
        .descendantsOfType("interpolation")
        .map((i) => i.namedChildren.find((c) => c.type !== "format_specifier" && c.type !== "type_conversion"))
        .filter((c): c is SyntaxNode => c !== undefined)
        .map(sub);
      return { k: "fstr", parts, text: short(node.text), line };
    }
    case "integer":
    case "float": {
      const v = Number(node.text.replace(/_/g, ""));
      return Number.isFinite(v) ? { k: "num", v, line } : { k: "other", text: node.text, line };
    }
    case "true":
    case "false":
      return { k: "bool", v: node.type === "true", line };
    case "none":
      return { k: "none", line };
    case "identifier":
      return { k: "name", id: node.text, line };
    case "attribute": {
      const obj = node.childForFieldName("object");
      const name = node.childForFieldName("attribute")?.text;
      return obj && name ? { k: "attr", obj: sub(obj), name, text: short(node.text), line } : { k: "other", text: short(node.text), line };
    }
    case "subscript": {
      const obj = node.childForFieldName("value");
      const key = node.childForFieldName("subscript");
      return obj && key ? { k: "sub", obj: sub(obj), key: sub(key), text: short(node.text), line } : { k: "other", text: short(node.text), line };
    }
    case "call": {
      const fn = node.childForFieldName("function");
      const argList = node.childForFieldName("arguments");
      if (!fn) return { k: "other", text: short(node.text), line };
      const args: SArg[] = [];
      for (const arg of argList?.type === "argument_list" ? argList.namedChildren : []) {
        if (arg.type === "comment") continue;
        if (arg.type === "keyword_argument") {
          const name = arg.childForFieldName("name")?.text;
          const value = arg.childForFieldName("value");
          if (name && value) args.push({ kind: "kw", name, value: sub(value) });
        } else if (arg.type === "list_splat") {
          const inner = arg.namedChildren[0];
          if (inner) args.push({ kind: "star", value: sub(inner) });
        } else if (arg.type === "dictionary_splat") {
          const inner = arg.namedChildren[0];
          if (inner) args.push({ kind: "dstar", value: sub(inner) });
        } else args.push({ kind: "pos", value: sub(arg) });
      }
      // A generator argument (`f(x for x in y)`) is not an argument list: the call stays opaque.
      if (argList && argList.type !== "argument_list") args.push({ kind: "pos", value: { k: "other", text: short(argList.text), line } });
      return { k: "call", fn: sub(fn), args, text: short(node.text), line };
    }
    case "list":
    case "tuple":
    case "set":
      return { k: "list", items: node.namedChildren.filter((c) => c.type !== "comment").map((c) => itemOf(c, sub)), tuple: node.type === "tuple", line };
    case "dictionary": {
      const entries: SEntry[] = [];
      for (const c of node.namedChildren) {
        if (c.type === "pair") {
          const key = c.childForFieldName("key");
          const value = c.childForFieldName("value");
          if (key && value) entries.push({ key: sub(key), value: sub(value) });
        } else if (c.type === "dictionary_splat") {
          const inner = c.namedChildren[0];
          if (inner) entries.push({ splat: sub(inner) });
        }
      }
      return { k: "dict", entries, line };
    }
    case "parenthesized_expression": {
      const inner = node.namedChildren.find((c) => c.type !== "comment");
      return inner ? sub(inner) : { k: "other", text: short(node.text), line };
    }
    case "binary_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const op = node.childForFieldName("operator")?.text ?? "?";
      return left && right ? { k: "bin", op, left: sub(left), right: sub(right), text: short(node.text), line } : { k: "other", text: short(node.text), line };
    }
    case "comparison_operator": {
      const operands = node.namedChildren.filter((c) => c.type !== "comment").map(sub);
      const ops = node.children.filter((c) => !c.isNamed).map((c) => c.text);
      // `not in` / `is not` arrive as two tokens.
      const merged: string[] = [];
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i] ?? "";
        const next = ops[i + 1];
        if ((op === "not" && next === "in") || (op === "is" && next === "not")) {
          merged.push(`${op} ${next}`);
          i++;
        } else merged.push(op);
      }
      return { k: "cmp", ops: merged, operands, text: short(node.text), line };
    }
    case "boolean_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const op = node.childForFieldName("operator")?.text === "or" ? "or" : "and";
      return left && right ? { k: op, left: sub(left), right: sub(right), text: short(node.text), line } : { k: "other", text: short(node.text), line };
    }
    case "not_operator": {
      const arg = node.childForFieldName("argument");
      return arg ? { k: "not", operand: sub(arg), line } : { k: "other", text: short(node.text), line };
    }
    case "unary_operator": {
      const arg = node.childForFieldName("argument");
      const op = node.childForFieldName("operator")?.text;
      if (arg && op === "-") return { k: "neg", operand: sub(arg), text: short(node.text), line };
      if (arg && op === "+") return sub(arg);
      return { k: "other", text: short(node.text), line };
    }
    case "conditional_expression": {
      const [then, cond, otherwise] = node.namedChildren.filter((c) => c.type !== "comment");
      return then && cond && otherwise
        ? { k: "if", cond: sub(cond), then: sub(then), else: sub(otherwise), text: short(node.text), line }
        : { k: "other", text: short(node.text), line };
    }
    default:
      return { k: "other", text: short(node.text), line };
  }
}

function itemOf(node: SyntaxNode, sub: (n: SyntaxNode) => SExpr): SItem {
  if (node.type === "list_splat") {
    const inner = node.namedChildren[0];
    return { splat: true, value: inner ? sub(inner) : { k: "other", text: node.text, line: node.startPosition.row + 1 } };
  }
  return { splat: false, value: sub(node) };
}
