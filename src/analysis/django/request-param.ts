/**
 * Whether a function's parameter named `request` holds an HTTP request or something else of that name
 * (a `JobRequest` / `AccessRequest` model row, a remote API request object). A parameter name is not
 * proof: projects with a `Request` model pass its rows around as `request`, and treating such a
 * function as request-time code makes every slow call in it look like work done while a user waits.
 *
 * "http": the function is shaped like a view (it returns a response) or uses the parameter as only an
 * HttpRequest / DRF Request can be used (`request.GET`, `request.user`, `render(request, …)`, an
 * HttpRequest annotation). "model": it is annotated with a model class, saved, filtered on, or read
 * through a primary or foreign key id. "unknown": nothing says either.
 */
import type { SyntaxNode } from "../parser.js";
import type { FileState } from "./state.js";
import { modelOf } from "./model-refs.js";
import { calleeName, parameterNodes, positionalArgs } from "./syntax.js";
import { isVariableRead } from "./loop-scope.js";

export type RequestKind = "http" | "model" | "unknown";

/** Attributes and methods only an HttpRequest (or DRF's Request around one) has. */
const HTTP_ONLY = new Set([
  "GET",
  "POST",
  "META",
  "FILES",
  "COOKIES",
  "LANGUAGE_CODE",
  "query_params",
  "build_absolute_uri",
  "get_full_path",
  "get_full_path_info",
  "get_host",
  "get_port",
  "get_signed_cookie",
  "is_secure",
  "is_ajax",
  "resolver_match",
  "path_info",
  "accepted_renderer",
  "accepted_media_type",
  "successful_authenticator",
  "upload_handlers",
  "htmx",
  "_request",
]);
/** Attributes middleware puts on every request; a model row seldom has them and never with `.save()` beside. */
const HTTP_USUAL = new Set(["user", "session"]);
/** Model-row operations: no HttpRequest has these. */
const MODEL_ONLY = new Set(["pk", "save", "delete", "refresh_from_db", "full_clean", "save_base", "_meta", "_state"]);
/** Foreign-key id attributes (`request.job_id`); request-tracing middleware ids are not model fields. */
const MODEL_FK_ID = /^(?!request_id$|correlation_id$|trace_id$|span_id$)\w+_id$/;
/** Functions whose first argument is the HTTP request. */
const TAKES_REQUEST_FIRST = new Set([
  "render",
  "render_to_response",
  "TemplateResponse",
  "RequestContext",
  "login",
  "logout",
  "authenticate",
  "get_current_site",
  "get_token",
  "rotate_token",
  "update_session_auth_hash",
  "add_message",
  "get_messages",
  "get_language_from_request",
  "csrf",
]);
/** Message helpers (`messages.success(request, …)`). */
const MESSAGE_LEVELS = new Set(["debug", "info", "success", "warning", "error"]);
/** ORM calls whose `request=request` keyword filters on or stores a row. */
const ORM_CALLS = new Set(["filter", "exclude", "get", "create", "get_or_create", "update_or_create", "update"]);
/** What a view returns. */
const RESPONSES = /^(HttpResponse\w*|JsonResponse|StreamingHttpResponse|FileResponse|TemplateResponse|Response|render|render_to_response|redirect)$/;
/** Annotation names of HTTP requests (Django's, DRF's, ASGI/WSGI handlers', project `AuthenticatedHttpRequest` aliases). */
const HTTP_ANNOTATION = /^(\w*HttpRequest|Request|WSGIRequest|ASGIRequest|HttpRequestBase)$/;

export function requestParameterKind(s: FileState, fn: SyntaxNode, name = "request"): RequestKind {
  const param = parameterNodes(fn).find((p) => p.name === name);
  if (!param) return "unknown";
  const annotated = annotationKind(s, param.node);
  if (annotated !== "unknown") return annotated;
  const body = fn.childForFieldName("body");
  if (!body) return "unknown";
  const uses = usesOf(body, name);
  if (uses.some((u) => u === "http")) return "http";
  if (uses.some((u) => u === "model")) return "model";
  if (uses.some((u) => u === "usual") || returnsResponse(body)) return "http";
  return "unknown";
}

function annotationKind(s: FileState, param: SyntaxNode): RequestKind {
  const type = param.childForFieldName("type");
  if (!type) return "unknown";
  // `Optional[HttpRequest]`, `"HttpRequest"`, `HttpRequest | None`: any identifier of the annotation decides.
  const names = type.descendantsOfType(["identifier", "string_content"]).flatMap((n) => n.text.split(/[^\w]+/));
  if (names.some((n) => HTTP_ANNOTATION.test(n))) {
    // A `Request` that is a project model class is a row, not an HTTP request.
    const ids = type.descendantsOfType("identifier");
    if (ids.some((id) => modelOf(s, id) !== undefined)) return "model";
    return "http";
  }
  return type.descendantsOfType("identifier").some((id) => modelOf(s, id) !== undefined) ? "model" : "unknown";
}

type Use = "http" | "usual" | "model" | "none";

/** How each read of `name` in the body uses it (nested functions included: they close over it). */
function usesOf(body: SyntaxNode, name: string): Use[] {
  return body
    .descendantsOfType("identifier")
    .filter((id) => id.text === name && isVariableRead(id))
    .map(useOf);
}

function useOf(id: SyntaxNode): Use {
  const parent = id.parent;
  if (!parent) return "none";
  if (parent.type === "attribute" && parent.childForFieldName("object")?.id === id.id) {
    const attr = parent.childForFieldName("attribute")?.text ?? "";
    if (HTTP_ONLY.has(attr)) return "http";
    if (MODEL_ONLY.has(attr) || MODEL_FK_ID.test(attr)) return "model";
    return HTTP_USUAL.has(attr) ? "usual" : "none";
  }
  // `{"request": request}`: a serializer or template context.
  if (parent.type === "pair" && /^["']request["']$/.test(parent.childForFieldName("key")?.text ?? "")) return "http";
  if (parent.type === "keyword_argument" && parent.childForFieldName("value")?.id === id.id) {
    const call = parent.parent?.parent;
    const callee = call?.type === "call" ? (calleeName(call) ?? "") : "";
    if (ORM_CALLS.has(callee)) return "model";
    if (callee === "render_to_string" && parent.childForFieldName("name")?.text === "request") return "http";
    return "none";
  }
  if (parent.type === "argument_list" && parent.parent?.type === "call") {
    const call = parent.parent;
    if (positionalArgs(parent)[0]?.id !== id.id) return "none";
    const callee = calleeName(call) ?? "";
    const object = call.childForFieldName("function")?.childForFieldName("object")?.text;
    if (TAKES_REQUEST_FIRST.has(callee) || (object === "messages" && MESSAGE_LEVELS.has(callee))) return "http";
  }
  return "none";
}

/** The function returns a response (a view), directly: nested functions' returns are theirs. */
function returnsResponse(body: SyntaxNode): boolean {
  return body.descendantsOfType("return_statement").some((ret) => {
    if (enclosingDef(ret)?.childForFieldName("body")?.id !== body.id) return false;
    const value = ret.namedChildren[0];
    return value?.type === "call" && RESPONSES.test(calleeName(value) ?? "");
  });
}

function enclosingDef(node: SyntaxNode): SyntaxNode | null {
  let n = node.parent;
  while (n && n.type !== "function_definition" && n.type !== "lambda") n = n.parent;
  return n;
}

/**
 * A method that reads the HTTP request its object holds (`self.request.user`, `self.request.GET`):
 * a form, mixin or helper class built per request, whose methods run while the request waits (a
 * form's `clean_*`). Any model-row use of `self.request` (`.pk`, `.save()`, `*_id`) says it is a row.
 */
export function readsSelfRequest(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName("body");
  if (!body) return false;
  let http = false;
  for (const attr of body.descendantsOfType("attribute")) {
    const object = attr.childForFieldName("object");
    if (object?.type !== "identifier" || object.text !== "self" || attr.childForFieldName("attribute")?.text !== "request") continue;
    const parent = attr.parent;
    if (parent?.type !== "attribute" || parent.childForFieldName("object")?.id !== attr.id) continue;
    const name = parent.childForFieldName("attribute")?.text ?? "";
    if (MODEL_ONLY.has(name) || MODEL_FK_ID.test(name)) return false;
    if (HTTP_ONLY.has(name) || HTTP_USUAL.has(name)) http = true;
  }
  return http;
}
