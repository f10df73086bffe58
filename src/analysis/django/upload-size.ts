/**
 * What bounds the size of an uploaded file, read from syntax alone (DJP504): a comparison of some
 * `x.size`, a form or serializer field declared with a size bound. Shared by the rule (the analysed
 * file) and the index (forms, serializers and validators of other modules: upload-caps.ts).
 */
import type { SyntaxNode } from "../parser.js";
import { isWithin, keywordArg, unwrapParens } from "./syntax.js";

/**
 * Parsers that need a whole document at once (JSON, YAML, TOML, XML trees and DOMs, pyxform's
 * `XFormToDict` of an ODK submission, which builds an ElementTree, PO catalogues, images):
 * reading the input whole is the only way to feed them. Matched against qualified callee names.
 */
export const WHOLE_DOCUMENT_PARSERS =
  /^((\w+\.)*(json|simplejson|orjson|ujson)\.loads?|yaml\.(safe_)?load|yaml\.load_all|tomllib\.loads|toml\.loads|xmltodict\.parse|polib\.(pofile|mofile)|(defusedxml\.|lxml\.|xml\.etree\.)\w*(ElementTree|etree)?\.?(fromstring|parse|XML)|(xml|lxml)\.etree(\.ElementTree)?\.(fromstring|parse|XML)|xml\.dom\.minidom\.(parse|parseString)|pyxform\.xform2json\.XFormToDict|PIL\.Image\.open)$/;

/** Names of size validators, limits and size-bounded field classes. */
export const SIZE_WORD = /size|bytes|too_?big|upload_?limit/i;
const SIZE_KEYWORDS = ["max_size", "max_upload_size", "max_file_size", "size_limit", "max_bytes"];
const IMAGE_FIELD = /(^|\.)\w*ImageField$/;
const SIZED_FIELD = /(^|\.)\w*(Size|Limited|Restricted)\w*Field$/;

/** Any `x.size` compared in the node (a `clean_<field>` method, a validator function, a `__call__`). */
export function comparesSize(node: SyntaxNode): boolean {
  return node.descendantsOfType("comparison_operator").some((cmp) =>
    cmp.namedChildren.some((side) => {
      const n = unwrapParens(side);
      return n.type === "attribute" && n.childForFieldName("attribute")?.text === "size";
    }),
  );
}

/**
 * A field declaration's bound: `forms.ImageField(...)`, `SizedFileField(...)`, `FileField(max_size=...)`
 * (`bounded`), or its `validators=[...]` entries (`validators`: the identifiers and dotted names, for
 * the caller to judge: a size-named one, or a function it knows compares `.size`).
 */
export function fieldDeclarationBound(value: SyntaxNode | null): { bounded: boolean; validators: SyntaxNode[] } {
  if (value?.type !== "call") return { bounded: false, validators: [] };
  const callee = value.childForFieldName("function")?.text ?? "";
  if (IMAGE_FIELD.test(callee) || SIZED_FIELD.test(callee)) return { bounded: true, validators: [] };
  const args = value.childForFieldName("arguments");
  if (SIZE_KEYWORDS.some((k) => keywordArg(args, k) !== undefined)) return { bounded: true, validators: [] };
  const list = keywordArg(args, "validators");
  const validators = list ? validatorNames(list) : [];
  return { bounded: validators.some((v) => SIZE_WORD.test(v.text)), validators };
}

/**
 * The same judgment on a model field as the index keeps it (class name, keyword arguments as text):
 * an image or size-named field class, a size keyword, or a size-named validator. `isCheck` judges the
 * other validator names (a function of the model's module that compares `.size`).
 */
export function modelFieldBound(fieldClass: string, kwargs: Readonly<Record<string, string>>, isCheck: (name: string) => boolean): boolean {
  if (IMAGE_FIELD.test(fieldClass) || SIZED_FIELD.test(fieldClass)) return true;
  if (SIZE_KEYWORDS.some((k) => kwargs[k] !== undefined)) return true;
  const names = (kwargs.validators ?? "").match(/[A-Za-z_][\w.]*/g) ?? [];
  return names.some((n) => SIZE_WORD.test(n) || isCheck(n));
}

/** `[validate_size, FileSizeValidator(2_000_000), validators.check_upload]`: the names, calls by their callee. */
function validatorNames(list: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const item of unwrapParens(list).namedChildren) {
    const n = unwrapParens(item.type === "call" ? (item.childForFieldName("function") ?? item) : item);
    if (n.type === "identifier" || n.type === "attribute") out.push(n);
  }
  return out;
}

/**
 * The request's length (`request.META["CONTENT_LENGTH"]`, `request.headers.get("Content-Length")`,
 * `int(...)` of either): a bound on the whole body bounds every file in it.
 */
export function isRequestLength(node: SyntaxNode): boolean {
  const n = unwrapParens(node);
  return /^(int\()?\s*(self\.)?request\.(META|headers)(\[|\.get\()\s*["'](CONTENT_LENGTH|Content-Length)["']/i.test(n.text);
}

/**
 * A comparison in `scope` of the request's length, directly or through a name assigned it there
 * (`length = int(request.META.get("CONTENT_LENGTH") or 0)` … `if length > LIMIT:`): how a middleware
 * or a view refuses a body past a size before anything reads it.
 */
export function comparesRequestLength(scope: SyntaxNode): boolean {
  const lengthNames = new Set<string>();
  for (const assignment of scope.descendantsOfType("assignment")) {
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type === "identifier" && right && isRequestLengthValue(right)) lengthNames.add(left.text);
  }
  return scope.descendantsOfType("comparison_operator").some((cmp) =>
    cmp.namedChildren.some((side) => isRequestLength(side) || (unwrapParens(side).type === "identifier" && lengthNames.has(unwrapParens(side).text))),
  );
}

/** `int(request.META.get("CONTENT_LENGTH") or 0)`: the length, possibly defaulted. */
function isRequestLengthValue(node: SyntaxNode): boolean {
  const n = unwrapParens(node);
  if (isRequestLength(n)) return true;
  if (n.type === "call" && n.childForFieldName("function")?.text === "int") {
    const arg = n.childForFieldName("arguments")?.namedChildren[0];
    return arg !== undefined && isRequestLengthValue(arg);
  }
  return n.type === "boolean_operator" && n.childForFieldName("left") !== null && isRequestLengthValue(n.childForFieldName("left")!);
}

/** Exceptions an upload handler raises to refuse one file or the whole upload. */
const UPLOAD_REFUSALS = /(^|\.)(StopUpload|SkipFile|RequestDataTooBig|SuspiciousOperation)$|Too(Large|Big)/;
/** The hooks through which an upload handler sees the bytes (or the announced length) arrive. */
const HANDLER_HOOKS = new Set(["receive_data_chunk", "handle_raw_input", "new_file"]);

/**
 * An upload handler class (`FILE_UPLOAD_HANDLERS`, `request.upload_handlers`) that refuses an upload
 * past a size: one of its streaming hooks raises `StopUpload` / `SkipFile` (or a too-large error) in
 * the branch of an `if` that compares something, the bytes received so far or the content length
 * (Django's own QuotaUploadHandler example). Every file of every request it handles is then bounded.
 */
export function capsUploads(members: readonly SyntaxNode[]): boolean {
  return members.some((member) => {
    if (member.type !== "function_definition" || !HANDLER_HOOKS.has(member.childForFieldName("name")?.text ?? "")) return false;
    return member.descendantsOfType("raise_statement").some((raise) => refusesUpload(raise) && underComparison(raise));
  });
}

function refusesUpload(raise: SyntaxNode): boolean {
  const raised = raise.namedChildren[0];
  const callee = raised?.type === "call" ? raised.childForFieldName("function") : raised;
  return callee !== undefined && callee !== null && UPLOAD_REFUSALS.test(callee.text);
}

/** The node sits in the body of an `if` / `elif` whose condition compares, inside its method. */
function underComparison(node: SyntaxNode): boolean {
  for (let n = node.parent; n && n.type !== "function_definition"; n = n.parent) {
    if (n.type !== "if_statement" && n.type !== "elif_clause") continue;
    const condition = n.childForFieldName("condition");
    const body = n.childForFieldName("consequence");
    const compares = condition !== null && (condition.type === "comparison_operator" || condition.descendantsOfType("comparison_operator").length > 0);
    if (compares && body && isWithin(node, body)) return true;
  }
  return false;
}
