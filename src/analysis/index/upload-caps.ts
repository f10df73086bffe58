/**
 * Upload size caps defined in other modules (DJP504): a view reads `form.cleaned_data["file"]` of a
 * form declared in `forms.py`, or calls a validator imported from `validators.py`. Per module plain
 * data (cached with the other index facts): the module functions (and validator classes' `__call__`)
 * that compare some `x.size`, the functions that parse their argument as one document, and for every class its bases, the fields it declares with a size bound
 * and the validators its other file fields name. Assembled once per project into UploadCapIndex.
 */
import type { SyntaxNode } from "../parser.js";
import { collectImports } from "../imports.js";
import { classBases, classMembers, dottedHead, dottedParts, parameterNodes } from "../django/syntax.js";
import { capsUploads, comparesRequestLength, comparesSize, fieldDeclarationBound, WHOLE_DOCUMENT_PARSERS } from "../django/upload-size.js";
import type { ParsedModule } from "./extract.js";

export interface UploadCapClass {
  /** Base classes, qualified through the module's imports (`shop.forms.BaseImportForm`). */
  bases: string[];
  /** Fields declared with a size bound, or checked in `clean_<f>` / `validate_<f>`. */
  bounded: string[];
  /** Other fields' validators, qualified (`shop.validators.check_upload`): bounded when one is a size check. */
  validators: Record<string, string[]>;
  /** `form_class = ImportForm` / `serializer_class = ...` of a view, qualified. */
  formClass?: string;
  /** A ModelForm's or ModelSerializer's `Meta.model` as written, qualified through the imports. */
  metaModel?: string;
}

export interface UploadCapFacts {
  path: string;
  module: string;
  /** Functions (and classes with a `__call__`) that compare some `x.size`: size validators, whatever their name. */
  checks: string[];
  /** Functions that hand a parameter to a whole-document parser (`def po_info(data): return polib.pofile(data)`). */
  parsers: string[];
  classes: Record<string, UploadCapClass>;
  /** Upload handler classes that refuse an upload past a size (named in `FILE_UPLOAD_HANDLERS`, or installed by a view). */
  handlers: string[];
  /** Functions and classes that compare the request's Content-Length: a middleware that refuses big bodies. */
  lengthGuards: string[];
}

export interface UploadCapIndex {
  /** The qualified function or validator class compares the size of what it is given. */
  sizeCheck(qualified: string): boolean;
  /** The qualified form or serializer class (or one of its project bases) bounds the field's size. */
  boundsField(qualified: string, field: string): boolean;
  /** The `form_class` / `serializer_class` a project view class (or its bases) declares, qualified. */
  formClassOf(qualified: string): string | undefined;
  /** The `Meta.model` a project ModelForm / ModelSerializer (or its bases) declares, qualified as written. */
  metaModelOf(qualified: string): string | undefined;
  /** The qualified project function parses its argument as one document (JSON, YAML, XML, PO). */
  parsesWhole(qualified: string): boolean;
  /** The qualified class is an upload handler that refuses uploads past a size. */
  capsUploads(qualified: string): boolean;
  /** The qualified function or class (a middleware) compares the request's Content-Length. */
  guardsLength(qualified: string): boolean;
}

/** Text of a module that may declare a size check, a form or serializer class, or a view naming one. */
export const UPLOAD_CAP_TEXT = /\b(polib|json|yaml|xmltodict|etree|toml|tomllib)\.\w+\(|\.size\b|max_size|ImageField|FileField|validators|Form\b|Form\)|Serializer\b|Serializer\)|form_class|serializer_class|class Meta|UploadHandler|CONTENT_LENGTH|Content-Length/;

/** Text of a module that may compare the request's length (a body-size middleware). */
const LENGTH_TEXT = /CONTENT_LENGTH|Content-Length/i;

const FORM_CLASS_ATTRS = new Set(["form_class", "serializer_class"]);

export function extractUploadCapFacts(mod: ParsedModule): UploadCapFacts {
  const imports = collectImports(mod).names;
  const qualify = (node: SyntaxNode): string | undefined => {
    const parts = dottedParts(node);
    const head = dottedHead(node);
    if (!parts || !head) return undefined;
    return [imports.get(head.text) ?? `${mod.module}.${head.text}`, ...parts.slice(1)].join(".");
  };
  const facts: UploadCapFacts = { path: mod.path, module: mod.module, checks: [], parsers: [], classes: {}, handlers: [], lengthGuards: [] };
  // Most modules name neither: their definitions are not walked for handlers or length checks.
  const mayHandleUploads = mod.text.includes("UploadHandler");
  const mayGuardLength = LENGTH_TEXT.test(mod.text);
  for (const def of moduleDefinitions(mod.tree.rootNode)) {
    const name = def.childForFieldName("name")?.text;
    if (!name) continue;
    if (def.type === "function_definition") {
      if (comparesSize(def)) facts.checks.push(name);
      if (parsesParameter(def, qualify)) facts.parsers.push(name);
      if (mayGuardLength && comparesRequestLength(def)) facts.lengthGuards.push(name);
      continue;
    }
    const members = classMembers(def);
    if (mayHandleUploads && capsUploads(members)) facts.handlers.push(name);
    if (mayGuardLength && comparesRequestLength(def)) facts.lengthGuards.push(name);
    const call = members.find((m) => m.type === "function_definition" && m.childForFieldName("name")?.text === "__call__");
    if (call && comparesSize(call)) facts.checks.push(name);
    facts.classes[name] = classFacts(def, members, qualify);
  }
  return facts;
}

function classFacts(cls: SyntaxNode, members: readonly SyntaxNode[], qualify: (node: SyntaxNode) => string | undefined): UploadCapClass {
  const out: UploadCapClass = { bases: classBases(cls).flatMap((b) => qualify(b) ?? []), bounded: [], validators: {} };
  for (const member of members) {
    if (member.type === "assignment") {
      const left = member.childForFieldName("left");
      const right = member.childForFieldName("right");
      if (left?.type !== "identifier" || !right) continue;
      if (FORM_CLASS_ATTRS.has(left.text) && (right.type === "identifier" || right.type === "attribute")) {
        const qn = qualify(right);
        if (qn) out.formClass = qn;
        continue;
      }
      const bound = fieldDeclarationBound(right);
      if (bound.bounded) out.bounded.push(left.text);
      else if (bound.validators.length > 0) out.validators[left.text] = bound.validators.flatMap((v) => qualify(v) ?? []);
    } else if (member.type === "class_definition" && member.childForFieldName("name")?.text === "Meta") {
      const model = classMembers(member).find((m) => m.type === "assignment" && m.childForFieldName("left")?.text === "model")?.childForFieldName("right");
      const qn = model && (model.type === "identifier" || model.type === "attribute") ? qualify(model) : undefined;
      if (qn) out.metaModel = qn;
    } else if (member.type === "function_definition") {
      const field = /^(?:clean|validate)_(\w+)$/.exec(member.childForFieldName("name")?.text ?? "")?.[1];
      if (field && comparesSize(member)) out.bounded.push(field);
    }
  }
  return out;
}

/** A call in the function passes one of its parameters (or an expression of it) to a whole-document parser. */
function parsesParameter(def: SyntaxNode, qualify: (node: SyntaxNode) => string | undefined): boolean {
  const params = new Set(parameterNodes(def).map((p) => p.name));
  if (params.size === 0) return false;
  return def.descendantsOfType("call").some((call) => {
    const callee = call.childForFieldName("function");
    const qn = callee && (callee.type === "identifier" || callee.type === "attribute") ? qualify(callee) : undefined;
    if (!qn || !WHOLE_DOCUMENT_PARSERS.test(qn)) return false;
    const args = call.childForFieldName("arguments");
    return args !== null && args.descendantsOfType("identifier").some((id) => params.has(id.text));
  });
}

/** Module-level functions and classes (decorated ones too, and those in module-level `if`/`try`). */
function moduleDefinitions(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const stmt of node.namedChildren) {
      const def = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
      if (def?.type === "function_definition" || def?.type === "class_definition") out.push(def);
      else if (/^(if_statement|try_statement|else_clause|elif_clause|except_clause|block)$/.test(stmt.type)) visit(stmt);
    }
  };
  visit(root);
  return out;
}

/** Deeper base chains than this are not followed (a cycle or a framework hierarchy). */
const MAX_BASE_DEPTH = 6;

export function buildUploadCapIndex(modules: readonly UploadCapFacts[]): UploadCapIndex {
  const checks = new Set<string>();
  const parsers = new Set<string>();
  const classes = new Map<string, UploadCapClass>();
  const handlers = new Set<string>();
  const lengthGuards = new Set<string>();
  for (const m of modules) {
    for (const name of m.handlers) handlers.add(`${m.module}.${name}`);
    for (const name of m.lengthGuards) lengthGuards.add(`${m.module}.${name}`);
    for (const name of m.checks) checks.add(`${m.module}.${name}`);
    for (const name of m.parsers) parsers.add(`${m.module}.${name}`);
    for (const [name, cls] of Object.entries(m.classes)) classes.set(`${m.module}.${name}`, cls);
  }
  const sizeCheck = (qualified: string): boolean => checks.has(qualified);
  // The class and its project bases, nearest first.
  const lineage = (qualified: string): UploadCapClass[] => {
    const out: UploadCapClass[] = [];
    const seen = new Set<string>();
    let layer = [qualified];
    for (let depth = 0; depth < MAX_BASE_DEPTH && layer.length > 0; depth++) {
      const next: string[] = [];
      for (const qn of layer) {
        const cls = seen.has(qn) ? undefined : classes.get(qn);
        seen.add(qn);
        if (!cls) continue;
        out.push(cls);
        next.push(...cls.bases);
      }
      layer = next;
    }
    return out;
  };
  return {
    sizeCheck,
    boundsField: (qualified, field) => lineage(qualified).some((cls) => cls.bounded.includes(field) || (cls.validators[field] ?? []).some(sizeCheck)),
    parsesWhole: (qualified) => parsers.has(qualified),
    capsUploads: (qualified) => handlers.has(qualified),
    guardsLength: (qualified) => lengthGuards.has(qualified),
    formClassOf: (qualified) => lineage(qualified).find((cls) => cls.formClass !== undefined)?.formClass,
    metaModelOf: (qualified) => lineage(qualified).find((cls) => cls.metaModel !== undefined)?.metaModel,
  };
}

export const NO_UPLOAD_CAPS: UploadCapIndex = buildUploadCapIndex([]);
