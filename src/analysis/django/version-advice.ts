/**
 * Version-aware advice (round 13): a recipe that names an API the project's Django does not have is
 * unusable (cla_backend pins Django 1.8: `bulk_update` came in 2.2). The versions are read from the
 * dependency files (`src/analysis/index/versions.ts`, three-valued); a feature counts as missing only
 * when every source proves the project older. Whether a finding fires never depends on this, only
 * the words of its advice.
 */
import type { Versions } from "../index/versions.js";

/** The Django release that added each API the advice names. */
export const DJANGO_SINCE = {
  /** `QuerySet.bulk_update()`. */
  bulkUpdate: "2.2",
  /** `bulk_create(ignore_conflicts=True)`. */
  ignoreConflicts: "2.2",
  /** `bulk_create(update_conflicts=True, unique_fields=…, update_fields=…)`. */
  updateConflicts: "4.1",
  /** `QuerySet.iterator(chunk_size=…)`. */
  iteratorChunkSize: "2.0",
  /** Migration `atomic = False`. */
  nonAtomicMigration: "1.10",
  /** `AddIndexConcurrently` / `RemoveIndexConcurrently`. */
  concurrentIndex: "3.0",
  /** `AddConstraintNotValid` / `ValidateConstraint` (django.contrib.postgres). */
  constraintNotValid: "4.0",
  /** `Field(db_default=…)`. */
  dbDefault: "5.0",
  /** `django.core.cache.backends.redis.RedisCache`. */
  redisCache: "4.0",
} as const;

export type DjangoFeature = keyof typeof DJANGO_SINCE;

/** True only when the project's Django is proven older than the release that added `feature`. */
export function djangoLacks(versions: Pick<Versions, "djangoAtLeast"> | undefined, feature: DjangoFeature): boolean {
  return versions?.djangoAtLeast(DJANGO_SINCE[feature]) === false;
}

/**
 * The per-row UPDATE rewrite when the project has no `bulk_update` (Django before 2.2): one
 * `filter(pk__in=…).update(…)` per distinct new value, or `F()` when the value derives from the row.
 */
export function updateWithoutBulkUpdate(model: string): string {
  return `This project's Django is older than ${DJANGO_SINCE.bulkUpdate}, which added \`bulk_update\`: collect the primary keys per distinct new value and write each group with one \`${model}.objects.filter(pk__in=pks).update(...)\` (an \`F()\` expression when the value derives from the row's own columns).`;
}
