/**
 * DJP504: is the uploaded file being read whole already bounded in size? Then reading it whole costs
 * at most that bound, and streaming buys nothing worth a finding. Proof, in the file or in the
 * project modules it imports (the index's upload caps: forms, serializers, validators elsewhere):
 * - a size check before the read in the same function (`if upload.size > LIMIT: raise ...`, whatever
 *   module LIMIT comes from, or a check of the request's `CONTENT_LENGTH`), or the read inside a branch that tests the size
 *   (`if upload.size <= LIMIT: data = upload.read()`);
 * - a size validator called on the upload before the read (`validate_file_size(upload)`, or a
 *   function of this file or of an imported project module, whatever its name, that compares `.size`);
 * - for `self.cleaned_data[...]` / `self.validated_data[...]` in a form or serializer (or
 *   `form.cleaned_data[...]` of a form class defined here or imported, or of the view's `form_class`
 *   when `form` is `form_valid`'s parameter): the field is declared in the class or a project base
 *   with a size bound (`max_size=`, a size validator or a field class named for size), it is an image
 *   field (Django decodes it with Pillow, whose decompression-bomb limit bounds it), or the class's
 *   `clean_<field>` / `validate_<field>` method compares the file's `.size`; the same for a DRF
 *   serializer's own hooks (`validate_<f>`'s value, `attrs["f"]`, `validated_data["f"]`);
 * - a cap on every request: a project upload handler that stops uploads past a size, named in the
 *   production `FILE_UPLOAD_HANDLERS` or installed by the view before the read, or a project
 *   middleware in `MIDDLEWARE` that compares the request's `CONTENT_LENGTH`.
 * - the read runs only under `isinstance(upload, InMemoryUploadedFile)`: Django kept that upload in
 *   memory because it was smaller than `FILE_UPLOAD_MAX_MEMORY_SIZE`.
 * Settings such as `FILE_UPLOAD_MAX_MEMORY_SIZE` or `DATA_UPLOAD_MAX_MEMORY_SIZE` are not a bound on
 * every upload: the first only decides when Django spools an upload to disk, and the second excludes
 * file data.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { lastAssignedValue } from "../../src/analysis/django/slow-calls.js";
import { classBases, classMembers, classOfMethod, enclosingFunction, isWithin, keywordArg, parameterNodes, stringValue, unwrapParens } from "../../src/analysis/django/syntax.js";
import { comparesSize, fieldDeclarationBound, isRequestLength, modelFieldBound, SIZE_WORD } from "../../src/analysis/django/upload-size.js";
import { stringItems } from "../../src/analysis/index/settings/values.js";
import { serializerHookField } from "./serializer-upload.js";

/** A form or serializer class: defined in this file (its node) or in another project module (its qualified name). */
type FormClass = { node: SyntaxNode } | { qualified: string };

/**
 * `upload` is the read's object; `source` is the expression it was taken from (the value last
 * assigned to it, or the object itself): both spellings count when matching checks.
 */
export function sizeCapped(django: DjangoFacts, read: SyntaxNode, upload: SyntaxNode, source: SyntaxNode): boolean {
  const fn = enclosingFunction(read);
  if (!fn) return false;
  const spellings = new Set([unwrapParens(upload).text, unwrapParens(source).text]);
  return (
    heldInMemory(read, fn, spellings) ||
    sizeCheckedBefore(django, fn, read, spellings) ||
    validatedField(django, fn, unwrapParens(source), read) ||
    cappedHandlerInstalled(django, fn, read) ||
    cappedByProjectSettings(django)
  );
}

/**
 * Caps on every request, in the settings the deployment runs (`index.settings.effective`): a project
 * upload handler in `FILE_UPLOAD_HANDLERS` that refuses uploads past a size, or a middleware in
 * `MIDDLEWARE` that refuses a body whose `Content-Length` is past a limit. Django's own size settings
 * are no such cap: `FILE_UPLOAD_MAX_MEMORY_SIZE` only chooses between memory and a temporary file,
 * and `DATA_UPLOAD_MAX_MEMORY_SIZE` counts the request body without its file data.
 */
function cappedByProjectSettings(django: DjangoFacts): boolean {
  const caps = django.index.uploadCaps;
  const listed = (name: string): string[] => {
    const lookup = django.index.settings.effective(name);
    return lookup.status === "set" ? stringItems(lookup.value) : [];
  };
  return listed("FILE_UPLOAD_HANDLERS").some((path) => caps.capsUploads(path)) || listed("MIDDLEWARE").some((path) => caps.guardsLength(path));
}

/**
 * `request.upload_handlers.insert(0, QuotaHandler(request))` (or `= [QuotaHandler(request)]`) before
 * the read, with a project handler class that refuses uploads past a size: the files the request
 * carries were streamed through it.
 */
function cappedHandlerInstalled(django: DjangoFacts, fn: SyntaxNode, read: SyntaxNode): boolean {
  return fn.descendantsOfType("call").some((call) => {
    if (call.startIndex >= read.startIndex || !/(^|\.)upload_handlers(\.(insert|append)|$)/.test(handlerTarget(call) ?? "")) return false;
    const callee = call.childForFieldName("function");
    if (!callee || (callee.type !== "identifier" && callee.type !== "attribute")) return false;
    const qualified = django.qualifiedName(callee);
    return qualified !== undefined && django.index.uploadCaps.capsUploads(qualified);
  });
}

/** For a call inside `request.upload_handlers.insert(0, X(...))` or `request.upload_handlers = [X(...)]`: the text that receives it. */
function handlerTarget(call: SyntaxNode): string | undefined {
  for (let n = call.parent; n; n = n.parent) {
    if (n.type === "call") return n.childForFieldName("function")?.text;
    if (n.type === "assignment") return n.childForFieldName("left")?.text;
    if (n.type === "expression_statement" || n.type === "block") return undefined;
  }
  return undefined;
}

/** Django's upload classes held in memory: an upload of one is at most `FILE_UPLOAD_MAX_MEMORY_SIZE`. */
const IN_MEMORY_UPLOAD = /^(\w+\.)*(InMemoryUploadedFile|SimpleUploadedFile)$/;

/**
 * The read runs only when `isinstance(upload, InMemoryUploadedFile)`: the `if` around it, or the true
 * side of `A if isinstance(...) else B`. Django's memory handler kept that upload because it was under
 * `FILE_UPLOAD_MAX_MEMORY_SIZE` (larger ones go to a temporary file), so it already sits in memory and
 * is small; reading it costs that much again (rotation set 8: an XLSForm copied with `ContentFile(f.read())`
 * only when in memory, the spooled file passed on as it is).
 */
function heldInMemory(read: SyntaxNode, fn: SyntaxNode, spellings: ReadonlySet<string>): boolean {
  for (let child = read, n = read.parent; n && n.id !== fn.id; child = n, n = n.parent) {
    let condition: SyntaxNode | null | undefined;
    if (n.type === "if_statement" && child.id === n.childForFieldName("consequence")?.id) condition = n.childForFieldName("condition");
    else if (n.type === "conditional_expression" && child.id === n.namedChildren[0]?.id) condition = n.namedChildren[1];
    if (condition && isInMemoryTest(condition, spellings)) return true;
  }
  return false;
}

/** `isinstance(upload, InMemoryUploadedFile)`, alone or in an `and`. */
function isInMemoryTest(node: SyntaxNode, spellings: ReadonlySet<string>): boolean {
  const n = unwrapParens(node);
  if (n.type === "boolean_operator" && n.childForFieldName("operator")?.text === "and") {
    return [n.childForFieldName("left"), n.childForFieldName("right")].some((side) => side !== null && isInMemoryTest(side, spellings));
  }
  if (n.type !== "call" || n.childForFieldName("function")?.text !== "isinstance") return false;
  const [value, cls] = n.childForFieldName("arguments")?.namedChildren ?? [];
  return value !== undefined && cls !== undefined && spellings.has(unwrapParens(value).text) && IN_MEMORY_UPLOAD.test(unwrapParens(cls).text);
}

/** A comparison of `<upload>.size`, or a size validator given the upload, before the read or around it. */
function sizeCheckedBefore(django: DjangoFacts, scope: SyntaxNode, read: SyntaxNode, spellings: ReadonlySet<string>): boolean {
  for (const cmp of scope.descendantsOfType("comparison_operator")) {
    if (cmp.startIndex > read.startIndex && !enclosesAsCondition(cmp, read)) continue;
    if (cmp.namedChildren.some((side) => isSizeOf(side, spellings) || isRequestLength(side))) return true;
  }
  for (const call of scope.descendantsOfType("call")) {
    if (call.startIndex >= read.startIndex) continue;
    const callee = call.childForFieldName("function");
    if (!callee || !isSizeCheck(django, callee)) continue;
    if (call.childForFieldName("arguments")?.namedChildren.some((a) => spellings.has(unwrapParens(a).text))) return true;
  }
  return false;
}

/**
 * A size validator: named for size (`validate_file_size`, `obj.check_upload_limit`), or a function of
 * this file or of an imported project module that compares some `.size` (`validate_upload`).
 */
function isSizeCheck(django: DjangoFacts, callee: SyntaxNode): boolean {
  const name = callee.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee.text;
  if (!name) return false;
  // `check_upload(f)`, or `self.check_upload(f)`: a function or method of this file.
  const local = callee.type === "identifier" || (callee.type === "attribute" && /^(self|cls)$/.test(callee.childForFieldName("object")?.text ?? ""));
  if (SIZE_WORD.test(name) || (local && localSizeCheck(django, name))) return true;
  const qualified = callee.type === "identifier" || callee.type === "attribute" ? django.qualifiedName(callee) : undefined;
  return qualified !== undefined && django.index.uploadCaps.sizeCheck(qualified);
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
  // `value` in `validate_<f>`, `attrs["f"]` in `validate`, `validated_data["f"]` in `create`: the class's own field.
  const own = serializerHookField(source);
  if (own) return boundsField(django, { node: own.cls }, own.field);
  const data = dataKey(source);
  if (data) {
    const self = classOfMethod(fn);
    const cls = data.holder.text === "self" ? (self ? { node: self } : undefined) : formClassOf(django, data.holder, fn);
    return cls !== undefined && boundsField(django, cls, data.key);
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
    const cls = holder ? formClassOf(django, holder, fn) : undefined;
    return cls !== undefined && boundsField(django, cls, file);
  });
}

function inIfCondition(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "if_statement" || n.type === "elif_clause") return n.childForFieldName("condition") !== null && isWithin(node, n.childForFieldName("condition")!);
    if (n.type === "block" || n.type === "function_definition") return false;
  }
  return false;
}

/**
 * The class declares the field with a size bound (or names a validator that compares `.size`),
 * checks its size in `clean_<f>` / `validate_<f>`, or one of its project bases does.
 */
function boundsField(django: DjangoFacts, cls: FormClass, field: string): boolean {
  const caps = django.index.uploadCaps;
  if ("qualified" in cls) return caps.boundsField(cls.qualified, field) || modelBoundsField(django, caps.metaModelOf(cls.qualified), field);
  const members = classMembers(cls.node);
  const declared = members.some((m) => m.type === "assignment" && m.childForFieldName("left")?.text === field);
  for (const member of members) {
    if (member.type === "assignment" && member.childForFieldName("left")?.text === field) {
      const bound = fieldDeclarationBound(member.childForFieldName("right"));
      if (bound.bounded || bound.validators.some((v) => isSizeCheck(django, v))) return true;
    }
    // A ModelForm / ModelSerializer field the class does not declare itself is the model's field, validators included.
    if (!declared && member.type === "class_definition" && member.childForFieldName("name")?.text === "Meta") {
      const model = classMembers(member).find((m) => m.type === "assignment" && m.childForFieldName("left")?.text === "model")?.childForFieldName("right");
      const qualified = model && (model.type === "identifier" || model.type === "attribute") ? django.qualifiedName(model) : undefined;
      if (modelBoundsField(django, qualified, field)) return true;
    }
    if (member.type === "function_definition") {
      const name = member.childForFieldName("name")?.text;
      if ((name === `clean_${field}` || name === `validate_${field}`) && comparesSize(member)) return true;
    }
  }
  return classBases(cls.node).some((base) => {
    const local = base.type === "identifier" ? localClass(django, base.text) : undefined;
    if (local) return local !== cls.node && boundsField(django, { node: local }, field);
    const qualified = base.type === "identifier" || base.type === "attribute" ? django.qualifiedName(base) : undefined;
    return qualified !== undefined && django.index.uploadCaps.boundsField(qualified, field);
  });
}

/** The model's field (as the index read it) is declared with a size bound: `FileField(validators=[validate_size])`. */
function modelBoundsField(django: DjangoFacts, model: string | undefined, field: string): boolean {
  const qualified = model === undefined ? undefined : (django.index.resolveQualified(model) ?? model);
  const info = qualified === undefined ? undefined : django.index.models.get(qualified);
  const declared = info?.fields.get(field);
  if (!info || !declared) return false;
  const module = declared.declaredOn.slice(0, declared.declaredOn.lastIndexOf("."));
  return modelFieldBound(declared.fieldClass, declared.kwargs, (name) => django.index.uploadCaps.sizeCheck(`${module}.${name}`));
}

/** `request.FILES["f"]` / `request.FILES.get("f")` (or `request.data`, which DRF's serializer validated): "f". */
function filesKey(node: SyntaxNode): string | undefined {
  const container = node.type === "subscript" ? node.childForFieldName("value") : node.childForFieldName("function")?.childForFieldName("object");
  const key = node.type === "subscript" ? node.childForFieldName("subscript") : node.childForFieldName("arguments")?.namedChildren[0];
  if (node.type === "call" && node.childForFieldName("function")?.childForFieldName("attribute")?.text !== "get") return undefined;
  return container && /(^|\.)FILES$|(^|\.)request\.data$/.test(container.text) && key ? stringValue(key) : undefined;
}

/**
 * The form class of `form`: `form = UploadForm(...)` before this use with `UploadForm` defined in this
 * file or imported from a project module; or, for a parameter of a view method (`form_valid(self,
 * form)`, `perform_create(self, serializer)`), the view's `form_class` / `serializer_class`.
 */
function formClassOf(django: DjangoFacts, holder: SyntaxNode, fn: SyntaxNode): FormClass | undefined {
  if (holder.type !== "identifier") return undefined;
  const value = lastAssignedValue(django, holder);
  if (value === undefined) return parameterNodes(fn).some((p) => p.name === holder.text) ? viewFormClass(django, fn) : undefined;
  const callee = value.type === "call" ? value.childForFieldName("function") : undefined;
  return callee ? classNamed(django, callee) : undefined;
}

/** `form_class = ImportForm` in the method's view class, or in a project base of it. */
function viewFormClass(django: DjangoFacts, fn: SyntaxNode): FormClass | undefined {
  const view = classOfMethod(fn);
  if (!view) return undefined;
  for (const member of classMembers(view)) {
    const left = member.type === "assignment" ? member.childForFieldName("left")?.text : undefined;
    const right = member.childForFieldName("right");
    if ((left === "form_class" || left === "serializer_class") && right) return classNamed(django, right);
  }
  for (const base of classBases(view)) {
    const qualified = base.type === "identifier" || base.type === "attribute" ? django.qualifiedName(base) : undefined;
    const inherited = qualified ? django.index.uploadCaps.formClassOf(qualified) : undefined;
    if (inherited) return { qualified: inherited };
  }
  return undefined;
}

/** A class expression: defined in this file, or its qualified name through the file's imports. */
function classNamed(django: DjangoFacts, expr: SyntaxNode): FormClass | undefined {
  const local = expr.type === "identifier" ? localClass(django, expr.text) : undefined;
  if (local) return { node: local };
  const qualified = expr.type === "identifier" || expr.type === "attribute" ? django.qualifiedName(expr) : undefined;
  return qualified ? { qualified } : undefined;
}

function localClass(django: DjangoFacts, name: string): SyntaxNode | undefined {
  return django.nodesOfType("class_definition").find((c) => c.childForFieldName("name")?.text === name);
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

/** A function of this file, whatever its name (`validate_upload`), that compares some `x.size`. */
function localSizeCheck(django: DjangoFacts, name: string): boolean {
  return django.nodesOfType("function_definition").some((fn) => fn.childForFieldName("name")?.text === name && comparesSize(fn));
}
