/**
 * Models registered with a library that does something on every save: django-reversion and
 * django-simple-history keep history rows, django-auditlog writes log entries, django-watson and
 * algoliasearch-django update a search index. bulk_create / bulk_update / update() bypass all of them,
 * so a per-row save of such a model is needed as written (issue: accuracy, false-positive class 2).
 */
import type { SyntaxNode } from "../parser.js";
import type { ImportingModule } from "../imports.js";
import { exprOf } from "./expr.js";
import type { RegistrationFacts } from "./facts.js";
import { localNamesAt } from "./extract-signals.js";

/** Import path prefix → the library's name in messages. */
const LIBRARIES: readonly [string, string][] = [
  ["reversion", "django-reversion"],
  ["simple_history", "django-simple-history"],
  ["auditlog", "django-auditlog"],
  ["watson", "django-watson"],
  ["algoliasearch_django", "algoliasearch-django"],
  ["actstream", "django-activity-stream"],
];

/** `reversion.register(M)`, `register(M)` imported from reversion, `auditlog.register(M, ...)` anywhere in the module. */
export function registrationsOf(mod: ImportingModule & { text?: string }, imports: ReadonlyMap<string, string>): RegistrationFacts[] {
  if (mod.text !== undefined && !mod.text.includes("register")) return [];
  const out: RegistrationFacts[] = [];
  for (const call of mod.tree.rootNode.descendantsOfType("call")) {
    const library = registeringLibraryOf(call.childForFieldName("function"), imports);
    const first = call.childForFieldName("arguments")?.namedChildren[0];
    if (!library || !first || first.type === "keyword_argument") continue;
    out.push({ library, target: exprOf(first), line: call.startPosition.row + 1, ...localNamesAt(mod, call) });
  }
  return out;
}

/**
 * The library a `register` callable (or decorator expression) belongs to: `reversion.register`,
 * `reversion.register()`, a `register` imported from it, `auditlog.register`, `watson.register`.
 */
export function registeringLibraryOf(node: SyntaxNode | null | undefined, imports: ReadonlyMap<string, string>): string | undefined {
  if (!node) return undefined;
  const callee = node.type === "call" ? node.childForFieldName("function") : node;
  if (!callee) return undefined;
  const parts = callee.text.split(".");
  if (parts[parts.length - 1] !== "register") return undefined;
  const head = parts[0] ?? "";
  const dotted = parts.length === 1 ? (imports.get(head) ?? "") : [imports.get(head) ?? head, ...parts.slice(1)].join(".");
  return LIBRARIES.find(([prefix]) => dotted === `${prefix}.register` || dotted.startsWith(`${prefix}.`))?.[1];
}
