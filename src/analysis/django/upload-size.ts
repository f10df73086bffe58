/**
 * What bounds the size of an uploaded file, read from syntax alone (DJP504): a comparison of some
 * `x.size`, a form or serializer field declared with a size bound. Shared by the rule (the analysed
 * file) and the index (forms, serializers and validators of other modules: upload-caps.ts).
 */
import type { SyntaxNode } from "../parser.js";
import { keywordArg, unwrapParens } from "./syntax.js";

/**
 * Parsers that need a whole document at once (JSON, YAML, TOML, XML trees, PO catalogues, images):
 * reading the input whole is the only way to feed them. Matched against qualified callee names.
 */
export const WHOLE_DOCUMENT_PARSERS =
  /^((\w+\.)*(json|simplejson|orjson|ujson)\.loads?|yaml\.(safe_)?load|yaml\.load_all|tomllib\.loads|toml\.loads|xmltodict\.parse|polib\.(pofile|mofile)|(defusedxml\.|lxml\.|xml\.etree\.)\w*(ElementTree|etree)?\.?(fromstring|parse|XML)|(xml|lxml)\.etree(\.ElementTree)?\.(fromstring|parse|XML)|PIL\.Image\.open)$/;

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
