/**
 * What a long transaction locks that other sessions could wait on. A row lock is held from the write
 * that takes it until commit, so only writes made before the loop ends hold locks across it. When all
 * of them insert rows the transaction itself creates (`M.objects.create(...)`, `bulk_create`, `obj =
 * M(...); obj.save()`), the locked rows are invisible to every other session until commit: nobody
 * waits on them (rotation 7: a demo-data generator inserting customers, items and calendars in one
 * transaction each). A write after the loop (a progress row saved last) is held only for the tail.
 * Anything else that may lock existing rows, including a write the rule cannot place (a helper, raw
 * SQL, `save()` on a row read earlier, `select_for_update`), breaks the proof. Only a loop that
 * generates its rows (`for i in range(n)`) qualifies: rows read from an input (a file, an API, another
 * table) carry keys that concurrent writers may insert too, and a unique index makes them wait.
 */
import type { SyntaxNode } from "../../src/analysis/parser.js";
import type { DjangoFacts, LoopInfo } from "../../src/analysis/django/types.js";
import type { AtomicBlock, DbWrite } from "../../src/analysis/django/transactions.js";
import { methodCallOf } from "../../src/analysis/django/evaluation.js";
import { lastAssignedValue } from "../../src/analysis/django/slow-calls.js";
import { calleeName, unwrapParens } from "../../src/analysis/django/syntax.js";

/** Inserts of new rows. */
const INSERTS = new Set(["create", "bulk_create"]);
/** Calls that lock or change existing rows whatever they are called on. */
const LOCKING = new Set(["save", "delete", "update_or_create", "get_or_create", "bulk_update", "select_for_update", "execute", "executemany", "raw"]);
/** Calls that change existing rows on an ORM receiver, and are common methods of dicts and sets too. */
const LOCKING_ON_ORM = new Set(["update", "add", "remove", "set", "clear"]);

/**
 * Every write from the start of the transaction to the end of the loop inserts rows the transaction
 * creates: the list of the models it inserts, or undefined when that cannot be proven.
 */
export function insertsOnly(django: DjangoFacts, block: AtomicBlock, loop: LoopInfo, write: DbWrite): string[] | undefined {
  if (write.via || !generatesRows(django, loop)) return undefined;
  const models = new Set<string>();
  for (const call of django.nodesOfType("call")) {
    if (call.startIndex < block.body.startIndex) continue;
    if (call.startIndex >= loop.node.endIndex) break;
    const m = methodCallOf(call);
    if (!m) continue;
    if (INSERTS.has(m.name)) {
      const qs = django.querySetOf(m.object);
      if (!qs) return undefined;
      models.add(qs.model.name);
    } else if (m.name === "save") {
      const model = constructedHere(django, m.object, block);
      if (!model) return undefined;
      models.add(model);
    } else if (LOCKING.has(m.name)) {
      return undefined;
    } else if (LOCKING_ON_ORM.has(m.name) && (django.querySetOf(m.object) || django.instanceOf(m.object) || m.object.type === "attribute")) {
      return undefined;
    }
  }
  return models.size > 0 ? [...models] : undefined;
}

/** `obj` last assigned `Model(...)` inside the transaction: a new row. The model's name. */
function constructedHere(django: DjangoFacts, receiver: SyntaxNode, block: AtomicBlock): string | undefined {
  const id = unwrapParens(receiver);
  if (id.type !== "identifier") return undefined;
  const value = lastAssignedValue(django, id);
  if (value?.type !== "call" || value.startIndex < block.body.startIndex) return undefined;
  const callee = value.childForFieldName("function");
  return callee ? django.modelOf(callee)?.name : undefined;
}

/** `for i in range(n)`: the loop makes up its rows rather than reading them from an input. */
function generatesRows(django: DjangoFacts, loop: LoopInfo): boolean {
  const iterable = loop.iterable ? unwrapParens(loop.iterable) : undefined;
  const fn = iterable?.type === "call" ? iterable.childForFieldName("function") : undefined;
  return loop.kind === "for" && fn?.type === "identifier" && calleeName(iterable!) === "range" && django.qualifiedName(fn) === undefined;
}
