/**
 * DJP504: is the uploaded file being read whole already bounded in size? Then reading it whole costs
 * at most that bound, and streaming buys nothing worth a finding. Proof, all in the file:
 * - a size check before the read in the same function (`if upload.size > LIMIT: raise ...`), or the
 *   read inside a branch that tests the size (`if upload.size <= LIMIT: data = upload.read()`);
 * - a size validator called on the upload before the read (`validate_file_size(upload)`, or a
 *   function of the same file, whatever its name, that compares `.size`);
 * - for `self.cleaned_data[...]` / `self.validated_data[...]` in a form or serializer (or
 *   `form.cleaned_data[...]` of a form class defined in the same file): the field is declared in the class with a size bound (`max_size=`, a `validators=[...]` entry or a field
 *   class named for size), it is an image field (Django decodes it with Pillow, whose
 *   decompression-bomb limit bounds it), or the class's `clean_<field>` / `validate_<field>` method
 *   compares the file's `.size`.
 * Settings such as `FILE_UPLOAD_MAX_MEMORY_SIZE` or `DATA_UPLOAD_MAX_MEMORY_SIZE` are not a bound:
 * the first only decides when Django spools an upload to disk, and the second excludes file data.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { lastAssignedValue } from "../../src/analysis/django/slow-calls.js";
import { classMembers, classOfMethod, enclosingFunction, isWithin, keywordArg, stringValue, unwrapParens } from "../../src/analysis/django/syntax.js";

/** Names of size validators, limits and size-bounded field classes. */
const SIZE_WORD = /size|bytes|too_?big|upload_?limit/i;
const SIZE_KEYWORDS = ["max_size", "max_upload_size", "max_file_size", "size_limit", "max_bytes"];
const IMAGE_FIELD = /(^|\.)\w*ImageField$/;

/**
 * `upload` is the read's object; `source` is the expression it was taken from (the value last
 * assigned to it, or the object itself): both spellings count when matching checks.
 */
export function sizeCapped(django: DjangoFacts, read: SyntaxNode, upload: SyntaxNode, source: SyntaxNode): boolean {
  const fn = enclosingFunction(read);
  if (!fn) return false;
  const spellings = new Set([unwrapParens(upload).text, unwrapParens(source).text]);
  return sizeCheckedBefore(django, fn, read, spellings) || validatedField(django, fn, unwrapParens(source), read);
}

/** A comparison of `<upload>.size`, or a size validator given the upload, before the read or around it. */
function sizeCheckedBefore(django: DjangoFacts, scope: SyntaxNode, read: SyntaxNode, spellings: ReadonlySet<string>): boolean {
  for (const cmp of scope.descendantsOfType("comparison_operator")) {
    if (cmp.startIndex > read.startIndex && !enclosesAsCondition(cmp, read)) continue;
    if (cmp.namedChildren.some((side) => isSizeOf(side, spellings))) return true;
  }
  for (const call of scope.descendantsOfType("call")) {
    if (call.startIndex >= read.startIndex) continue;
    const callee = call.childForFieldName("function");
    const name = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee?.text;
    if (!name || !(SIZE_WORD.test(name) || (callee?.type === "identifier" && localSizeCheck(django, name)))) continue;
    if (call.childForFieldName("arguments")?.namedChildren.some((a) => spellings.has(unwrapParens(a).text))) return true;
  }
  return false;
}

/** `upload.size` (also `upload.file.size`) for one of the upload's spellings. */
function isSizeOf(node: SyntaxNode, spellings: ReadonlySet<string>): boolean {
  const n = unwrapParens(node);
  if (n.type !== "attribute" || n.childForFieldName("attribute")?.text !== "size") return false;
  let object = n.childForFieldName("object");
  if (object?.type === "attribute" && object.childForFieldName("attribute")?.text === "file") object = object.childForFieldName("object");
  return object !== null && spellings.has(unwrapParens(object).text);
}

/** The comparison is the condition of an `if` / `elif` whose body holds the read. */
function enclosesAsCondition(cmp: SyntaxNode, read: SyntaxNode): boolean {
  for (let n = cmp.parent; n; n = n.parent) {
    if (n.type === "if_statement" || n.type === "elif_clause") {
      const body = n.childForFieldName("consequence");
      return body !== null && isWithin(read, body);
    }
    if (n.type === "block" || n.type === "function_definition") return false;
  }
  return false;
}

/**
 * `self.cleaned_data["f"]` / `.get("f")` (or `validated_data`) of a field the class bounds;
 * `form.cleaned_data["f"]` where `form = UploadForm(...)` and `UploadForm` is defined in this file;
 * or `request.FILES["f"]` read after `form.is_valid()` was called on such a form.
 */
function validatedField(django: DjangoFacts, fn: SyntaxNode, source: SyntaxNode, read: SyntaxNode): boolean {
  const data = dataKey(source);
  if (data) {
    const cls = data.holder.text === "self" ? classOfMethod(fn) : formClassOf(django, data.holder);
    return cls !== undefined && boundsField(cls, data.key);
  }
  const file = filesKey(source);
  if (file === undefined) return false;
  // `if form.is_valid():` / `if not form.is_valid(): return …`, `is_valid(raise_exception=True)` or
  // `full_clean()` (both raise) before the read: an invalid upload never gets to it.
  return fn.descendantsOfType("call").some((call) => {
    if (call.startIndex >= read.startIndex) return false;
    const callee = call.childForFieldName("function");
    const method = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : undefined;
    const raises = method === "full_clean" || keywordArg(call.childForFieldName("arguments"), "raise_exception")?.text === "True";
    if (callee?.type !== "attribute" || !(raises || (method === "is_valid" && inIfCondition(call)))) return false;
    const holder = callee.childForFieldName("object");
    const cls = holder ? formClassOf(django, holder) : undefined;
    return cls !== undefined && boundsField(cls, file);
  });
}

function inIfCondition(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "if_statement" || n.type === "elif_clause") return n.childForFieldName("condition") !== null && isWithin(node, n.childForFieldName("condition")!);
    if (n.type === "block" || n.type === "function_definition") return false;
  }
  return false;
}

/** The class declares the field with a size bound, or checks its size in `clean_<f>` / `validate_<f>`. */
function boundsField(cls: SyntaxNode, field: string): boolean {
  for (const member of classMembers(cls)) {
    if (member.type === "assignment" && member.childForFieldName("left")?.text === field) {
      if (boundedFieldDeclaration(member.childForFieldName("right"))) return true;
    }
    if (member.type === "function_definition") {
      const name = member.childForFieldName("name")?.text;
      if ((name === `clean_${field}` || name === `validate_${field}`) && comparesSize(member)) return true;
    }
  }
  return false;
}

/** `request.FILES["f"]` / `request.FILES.get("f")`: "f". */
function filesKey(node: SyntaxNode): string | undefined {
  const container = node.type === "subscript" ? node.childForFieldName("value") : node.childForFieldName("function")?.childForFieldName("object");
  const key = node.type === "subscript" ? node.childForFieldName("subscript") : node.childForFieldName("arguments")?.namedChildren[0];
  if (node.type === "call" && node.childForFieldName("function")?.childForFieldName("attribute")?.text !== "get") return undefined;
  return container && /(^|\.)FILES$/.test(container.text) && key ? stringValue(key) : undefined;
}

/** `form = UploadForm(...)` before this use, with `class UploadForm` defined in this file. */
function formClassOf(django: DjangoFacts, holder: SyntaxNode): SyntaxNode | undefined {
  if (holder.type !== "identifier") return undefined;
  const value = lastAssignedValue(django, holder);
  const callee = value?.type === "call" ? value.childForFieldName("function") : undefined;
  if (callee?.type !== "identifier") return undefined;
  return django.nodesOfType("class_definition").find((c) => c.childForFieldName("name")?.text === callee.text);
}

/** `X.cleaned_data["f"]`, `X.cleaned_data.get("f")` or the same on `validated_data`: X and "f". */
function dataKey(node: SyntaxNode): { holder: SyntaxNode; key: string } | undefined {
  let container: SyntaxNode | null = null;
  let key: SyntaxNode | null | undefined = null;
  if (node.type === "subscript") {
    container = node.childForFieldName("value");
    key = node.childForFieldName("subscript");
  } else if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "get") return undefined;
    container = fn.childForFieldName("object");
    key = node.childForFieldName("arguments")?.namedChildren[0];
  }
  if (container?.type !== "attribute" || !/^(cleaned_data|validated_data)$/.test(container.childForFieldName("attribute")?.text ?? "")) return undefined;
  const holder = container.childForFieldName("object");
  const name = key ? stringValue(key) : undefined;
  return holder && name !== undefined ? { holder, key: name } : undefined;
}

/** `forms.ImageField(...)`, `FileField(validators=[validate_size])`, `FileField(max_size=...)`, `SizedFileField(...)`. */
function boundedFieldDeclaration(value: SyntaxNode | null): boolean {
  if (value?.type !== "call") return false;
  const callee = value.childForFieldName("function")?.text ?? "";
  if (IMAGE_FIELD.test(callee) || /(^|\.)\w*(Size|Limited|Restricted)\w*Field$/.test(callee)) return true;
  const args = value.childForFieldName("arguments");
  if (SIZE_KEYWORDS.some((k) => keywordArg(args, k) !== undefined)) return true;
  const validators = keywordArg(args, "validators");
  return validators !== undefined && validators.descendantsOfType("identifier").some((id) => SIZE_WORD.test(id.text));
}

/** A function of this file, whatever its name (`validate_upload`), that compares some `x.size`. */
function localSizeCheck(django: DjangoFacts, name: string): boolean {
  return django.nodesOfType("function_definition").some((fn) => fn.childForFieldName("name")?.text === name && comparesSize(fn));
}

/** Any `x.size` compared in a `clean_<field>` / `validate_<field>` method or a checking helper. */
function comparesSize(method: SyntaxNode): boolean {
  return method.descendantsOfType("comparison_operator").some((cmp) =>
    cmp.namedChildren.some((side) => {
      const n = unwrapParens(side);
      return n.type === "attribute" && n.childForFieldName("attribute")?.text === "size";
    }),
  );
}
