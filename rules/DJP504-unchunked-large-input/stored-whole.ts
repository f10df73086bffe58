/**
 * An upload read whole whose content is then kept whole in a model field: the text of an uploaded
 * description stored in a TextField, the bytes saved into a column. The row holds every byte, so
 * the content must be in memory at once whatever the read does; streaming the upload cannot help
 * (rotation set 10: a challenge host's uploaded HTML / markdown pages put into the challenge's
 * description fields through the serializer's `data`). The session counts too: what a request puts
 * in `request.session` is stored whole for the next request.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import { attributeName, calleeName, enclosingFunction, isWithin, positionalArgs, sameNode, stringValue } from "../../src/analysis/django/syntax.js";
import { methodCallOf } from "../../src/analysis/django/evaluation.js";

/**
 * The session: a value put in it is serialised whole into the session store and read back by a
 * later request (an import wizard's next step; rotation 12, open-zaak), so it must be held whole.
 */
const SESSION = /(^|\.)session$/;
/** Methods that keep the same content in another form (`.decode("utf-8")`, `.strip()`). */
const SAME_CONTENT_METHODS = new Set(["decode", "encode", "strip", "rstrip", "lstrip", "replace"]);
/** Builtins that do the same (`str(content, "utf-8")`). */
const SAME_CONTENT_CALLS = new Set(["str", "bytes"]);
/** QuerySet / manager methods that write their keyword values into a row. */
const MODEL_WRITES = new Set(["create", "update", "get_or_create", "update_or_create"]);
/** A form or serializer class by naming convention: its `data` becomes the model's fields. */
const FORM_OR_SERIALIZER = /(Serializer|Form)$/;

/** The content `read` returns goes whole into a model field, directly or through a name, a dict entry or a serializer's data. */
export function storedWhole(django: DjangoFacts, read: SyntaxNode): boolean {
  const fn = enclosingFunction(read);
  if (!fn) return false;
  const value = widen(read);
  if (stores(django, value, fn)) return true;
  const assignment = value.parent?.type === "assignment" && sameNode(value.parent.childForFieldName("right"), value) ? value.parent : undefined;
  const left = assignment?.childForFieldName("left");
  if (left?.type !== "identifier") return false;
  for (const id of fn.descendantsOfType("identifier")) {
    if (id.startIndex <= value.endIndex || id.text !== left.text) continue;
    // Rebound: later uses hold something else.
    if (id.parent?.type === "assignment" && sameNode(id.parent.childForFieldName("left"), id)) break;
    if (stores(django, widen(id), fn)) return true;
  }
  return false;
}

/** The outermost expression that still holds the same content (`upload.read().decode("utf-8")`). */
function widen(node: SyntaxNode): SyntaxNode {
  let value = node;
  for (;;) {
    const parent = value.parent;
    if (parent?.type === "parenthesized_expression") {
      value = parent;
      continue;
    }
    if (parent?.type === "attribute" && sameNode(parent.childForFieldName("object"), value) && parent.parent?.type === "call" && SAME_CONTENT_METHODS.has(attributeName(parent) ?? "")) {
      value = parent.parent;
      continue;
    }
    const call = parent?.type === "argument_list" ? parent.parent : undefined;
    if (call?.type === "call" && call.childForFieldName("function")?.type === "identifier" && SAME_CONTENT_CALLS.has(calleeName(call) ?? "") && sameNode(positionalArgs(parent!)[0], value)) {
      value = call;
      continue;
    }
    return value;
  }
}

function stores(django: DjangoFacts, value: SyntaxNode, fn: SyntaxNode): boolean {
  const parent = value.parent;
  if (!parent) return false;
  if (parent.type === "assignment" && sameNode(parent.childForFieldName("right"), value)) {
    const left = parent.childForFieldName("left");
    // `data["description"] = content`, then `Serializer(obj, data=data)` / `Model.objects.create(**data)`.
    if (left?.type === "subscript") {
      const container = left.childForFieldName("value");
      const key = left.childForFieldName("subscript");
      // `request.session["file_content"] = upload.read()`: kept for a later step of a wizard.
      if (container && SESSION.test(container.text)) return true;
      return container?.type === "identifier" && key !== null && stringValue(key) !== undefined && feedsModel(django, container, fn, parent);
    }
    // `page.body = content`, the object a model instance (or saved later in the function).
    if (left?.type === "attribute") {
      const object = left.childForFieldName("object");
      if (!object || object.text === "self" || object.text === "cls") return false;
      const instance = django.instanceOf(object);
      if (instance) return instance.model.fields.has(attributeName(left) ?? "");
      return savedLater(object, fn, parent);
    }
    return false;
  }
  // `Page.objects.create(body=content)`, `Page(body=content)`.
  if (parent.type === "keyword_argument" && sameNode(parent.childForFieldName("value"), value)) {
    const call = parent.parent?.parent;
    return call?.type === "call" && writesRow(django, call);
  }
  // `{"body": content}` handed to a serializer, a form or a write (`defaults={...}`).
  if (parent.type === "pair" && sameNode(parent.childForFieldName("value"), value)) {
    const dict = parent.parent;
    return dict?.type === "dictionary" && dictFeedsModel(django, dict, fn);
  }
  return false;
}

/** The call writes a row from its keyword arguments: a model's constructor or a manager's create / update. */
function writesRow(django: DjangoFacts, call: SyntaxNode): boolean {
  const callee = call.childForFieldName("function");
  if (!callee) return false;
  if ((callee.type === "identifier" || callee.type === "attribute") && django.modelOf(callee)) return true;
  const m = methodCallOf(call);
  return m !== undefined && MODEL_WRITES.has(m.name) && (django.querySetOf(m.object) !== undefined || /(^|\.)objects$/.test(m.object.text));
}

/** The call builds a form or serializer from the argument: `XSerializer(obj, data=d)`, `XForm(d)`. */
function formOrSerializerData(call: SyntaxNode, arg: SyntaxNode): boolean {
  if (!FORM_OR_SERIALIZER.test(calleeName(call) ?? "")) return false;
  const args = call.childForFieldName("arguments");
  for (const a of args?.namedChildren ?? []) {
    if (a.type === "keyword_argument" && a.childForFieldName("name")?.text === "data" && a.childForFieldName("value")?.text === arg.text) return true;
  }
  return positionalArgs(args).some((a) => a.text === arg.text);
}

/** A dict literal passed to a form / serializer or a row write, directly or through the name it is assigned to. */
function dictFeedsModel(django: DjangoFacts, dict: SyntaxNode, fn: SyntaxNode): boolean {
  const holder = dict.parent;
  if (holder?.type === "keyword_argument" || holder?.type === "argument_list") {
    const call = holder.type === "keyword_argument" ? holder.parent?.parent : holder.parent;
    if (call?.type !== "call") return false;
    return writesRow(django, call) || formOrSerializerData(call, dict);
  }
  if (holder?.type === "assignment" && sameNode(holder.childForFieldName("right"), dict)) {
    const left = holder.childForFieldName("left");
    return left?.type === "identifier" && feedsModel(django, left, fn, holder);
  }
  return false;
}

/** After `from`, the dict `name` goes to a form / serializer as its data, or is splatted into a row write. */
function feedsModel(django: DjangoFacts, name: SyntaxNode, fn: SyntaxNode, from: SyntaxNode): boolean {
  for (const call of fn.descendantsOfType("call")) {
    if (call.startIndex < from.endIndex) continue;
    if (formOrSerializerData(call, name)) return true;
    const args = call.childForFieldName("arguments");
    const splat = args?.namedChildren.some((a) => a.type === "dictionary_splat" && a.namedChildren[0]?.text === name.text);
    if (splat && writesRow(django, call)) return true;
  }
  return false;
}

/** `obj.save()` after `from` in the function. */
function savedLater(object: SyntaxNode, fn: SyntaxNode, from: SyntaxNode): boolean {
  return fn.descendantsOfType("call").some((call) => {
    if (call.startIndex < from.endIndex || !isWithin(call, fn)) return false;
    const m = methodCallOf(call);
    return m !== undefined && m.name === "save" && m.object.text === object.text;
  });
}
