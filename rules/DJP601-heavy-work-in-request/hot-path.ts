/**
 * Code the project's settings run on a whole class of requests, not on one view: a step of
 * `SOCIAL_AUTH_PIPELINE` (python-social-auth runs every step on each login and registration through
 * it) and a class in `MIDDLEWARE` (every request). A remote call or mail there is paid by every such
 * request (rotation set 10: a pipeline step posting each login to a CRM's forms API, no timeout).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { ProjectIndex } from "../../src/analysis/index/types.js";
import type { SettingLookup } from "../../src/analysis/index/settings/values.js";
import { stringItems } from "../../src/analysis/index/settings/values.js";
import { classOfMethod, enclosingFunction } from "../../src/analysis/django/syntax.js";

/** Middleware methods that run for every request. */
const PER_REQUEST_METHODS = new Set(["__call__", "process_request", "process_view", "process_response", "__acall__"]);

/** Where the call runs for every request of a kind ("every login and registration"), or undefined. */
export function hotPathOf(index: ProjectIndex, module: string, call: SyntaxNode): string | undefined {
  const fn = enclosingFunction(call);
  if (!fn) return undefined;
  const name = fn.childForFieldName("name")?.text;
  const holder = fn.parent?.type === "decorated_definition" ? fn.parent.parent : fn.parent;
  if (name && holder?.type === "module" && named(index.settings.effective("SOCIAL_AUTH_PIPELINE"), `${module}.${name}`)) {
    return "a step of `SOCIAL_AUTH_PIPELINE`, which runs on every login and registration through social auth";
  }
  const cls = classOfMethod(fn);
  const className = cls?.childForFieldName("name")?.text;
  if (cls && className && name && PER_REQUEST_METHODS.has(name) && cls.parent?.type === "module" && named(index.settings.effective("MIDDLEWARE"), `${module}.${className}`)) {
    return "a middleware in `MIDDLEWARE`, which runs on every request";
  }
  return undefined;
}

/** The list setting names the dotted target (module names compared by suffix: `src.auth.pipeline.f` is `auth.pipeline.f`). */
function named(lookup: SettingLookup, dotted: string): boolean {
  if (lookup.status !== "set") return false;
  return stringItems(lookup.value).some((item) => item === dotted || dotted.endsWith(`.${item}`) || item.endsWith(`.${dotted}`));
}
