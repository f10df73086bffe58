/**
 * The steps of the migration rules' recipes that need a Django feature (round 13, rotation set 12:
 * cla_backend on Django 1.8 was told to use `AddIndexConcurrently` (3.0) and `atomic = False` (1.10)).
 * Each function returns the step for the project's Django: the modern wording when the version is new
 * enough or unknown, a route that works on the older release when every dependency file proves it older
 * (`djangoLacks`, three-valued versions). Only words change; whether a finding fires never does.
 */
import type { Versions } from "../index/versions.js";
import { DJANGO_SINCE, djangoLacks } from "./version-advice.js";

type V = Pick<Versions, "djangoAtLeast"> | undefined;

/**
 * How to build (`add`) or drop (`remove`) an index without the write lock: `AddIndexConcurrently` /
 * `RemoveIndexConcurrently` in a migration with `atomic = False`; before 3.0 the same SQL by `RunSQL` inside
 * `SeparateDatabaseAndState`; before 1.10 (no non-atomic migrations) the SQL run outside the migrations and
 * the migration made state-only.
 */
export function concurrentIndexStep(versions: V, action: "add" | "remove"): string {
  const sql = action === "add" ? "CREATE INDEX CONCURRENTLY …" : "DROP INDEX CONCURRENTLY …";
  const reverse = action === "add" ? "DROP INDEX CONCURRENTLY …" : "CREATE INDEX CONCURRENTLY …";
  if (djangoLacks(versions, "nonAtomicMigration")) {
    return `\`${sql}\` run outside the migrations (psql, or a management command on an autocommit connection) before the deploy, and the migration made state-only: \`SeparateDatabaseAndState(state_operations=[…the operation…], database_operations=[])\` (this project's Django is older than ${DJANGO_SINCE.nonAtomicMigration}: every migration runs in a transaction, where PostgreSQL refuses CONCURRENTLY)`;
  }
  if (djangoLacks(versions, "concurrentIndex")) {
    return `\`SeparateDatabaseAndState(state_operations=[…the operation…], database_operations=[RunSQL("${sql}", reverse_sql="${reverse}")])\` in a migration with \`atomic = False\` (this project's Django is older than ${DJANGO_SINCE.concurrentIndex}, which added \`${action === "add" ? "AddIndexConcurrently" : "RemoveIndexConcurrently"}\`)`;
  }
  return `\`${action === "add" ? "AddIndexConcurrently" : "RemoveIndexConcurrently"}\` from \`django.contrib.postgres.operations\` in a migration with \`atomic = False\` (CONCURRENTLY cannot run in a transaction)`;
}

/**
 * The batched backfill of DJP208: its own non-atomic migration walking primary-key ranges with
 * `.iterator(chunk_size=…)` and `bulk_update`; each missing piece replaced by what the older Django has.
 */
export function batchedBackfillSteps(versions: V): string {
  const nonAtomic = !djangoLacks(versions, "nonAtomicMigration");
  const chunked = !djangoLacks(versions, "iteratorChunkSize");
  const bulk = !djangoLacks(versions, "bulkUpdate");
  const walk = `walk primary-key ranges (\`.filter(pk__gte=…, pk__lt=…)\`${chunked ? " or `.iterator(chunk_size=2000)`" : ""})`;
  const write = bulk
    ? "write each batch with `bulk_update(objs, fields, batch_size=1000)` or one `.update()` inside `transaction.atomic()`"
    : "write each batch with one `.filter(pk__in=pks).update(...)` per distinct value inside `transaction.atomic()`";
  const older = [!nonAtomic ? `\`atomic = False\` (${DJANGO_SINCE.nonAtomicMigration})` : "", !chunked ? `\`iterator(chunk_size=…)\` (${DJANGO_SINCE.iteratorChunkSize})` : "", !bulk ? `\`bulk_update\` (${DJANGO_SINCE.bulkUpdate})` : ""].filter(Boolean);
  const note = older.length > 0 ? ` (this project's Django predates ${older.join(", ")})` : "";
  if (!nonAtomic) return `1. move the backfill out of the migration into a management command run after the deploy (every migration of this Django runs in one transaction); 2. there, ${walk}; 3. ${write}${note}.`;
  return `1. move the backfill to its own migration with \`atomic = False\`; 2. ${walk} and ${write}; 3. for large tables run it as a management command after the deploy${note}.`;
}

/** DJP208's unbounded UPDATE: batches of primary keys, outside one transaction when the Django can. */
export function batchedUpdateSteps(versions: V): string {
  if (djangoLacks(versions, "nonAtomicMigration")) {
    return `1. move it out of the migration into a management command run after the deploy (this project's Django is older than ${DJANGO_SINCE.nonAtomicMigration}: every migration runs in one transaction); 2. update in primary-key ranges, each batch in \`transaction.atomic()\`.`;
  }
  return "1. move it to its own migration with `atomic = False`; 2. update in primary-key ranges, each batch in `transaction.atomic()`.";
}
