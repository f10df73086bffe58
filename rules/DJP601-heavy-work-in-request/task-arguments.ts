/**
 * A task function run inline whose arguments include model instances (`remove_site(website, version)`
 * after `website = get_object_or_404(Website, ...)`), in a project whose Celery serializer is not
 * pickle (JSON since Celery 4, or a named serializer of the project's own): `task.delay(website, ...)`
 * would fail to encode the instance, so the advice says to pass ids and load the rows in the task
 * (rotation set 13: three rows whose `.delay()` advice could not be followed as written).
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts } from "../../src/analysis/django/types.js";
import type { ProjectIndex } from "../../src/analysis/index/types.js";
import { unwrapParens } from "../../src/analysis/django/syntax.js";

/** The sentence to add to the advice, or "" when the arguments can be queued as they are (or cannot be told). */
export function passIdsAdvice(django: DjangoFacts, index: ProjectIndex, call: SyntaxNode): string {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const instances = args.flatMap((arg) => {
    const value = arg.type === "keyword_argument" ? arg.childForFieldName("value") : arg;
    if (!value) return [];
    const node = unwrapParens(value);
    return node.type === "identifier" && django.instanceOf(node) ? [node.text] : [];
  });
  if (instances.length === 0) return "";
  const serializer = index.settings.celery.setting("task_serializer");
  let name = "json";
  if (serializer.status === "unknown") return "";
  if (serializer.status === "set") {
    if (serializer.value.kind !== "str") return "";
    name = serializer.value.value;
  }
  if (name === "pickle") return "";
  const first = instances[0]!;
  const listed = instances.slice(0, 3).map((n) => `\`${n}\``).join(", ");
  return ` The task takes model instances (${listed}) and the task serializer is \`${name}\`${serializer.status === "unset" ? " (Celery's default)" : ""}, which cannot send them: pass ids (\`.delay(${first}.pk, …)\`) and load the rows in the task.`;
}
