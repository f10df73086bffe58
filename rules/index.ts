/**
 * The rule registry: a static list, sorted by id. Adding a rule = adding its folder and one line here
 * (test/conformance.test.ts checks that every folder is listed and every entry has a folder).
 */
import type { AnyRule } from "../src/analysis/rule.js";
import lazyRelationInLoop from "./DJP101-lazy-relation-in-loop/rule.js";
import relatedManagerInLoop from "./DJP102-related-manager-in-loop/rule.js";
import queryInLoop from "./DJP103-query-in-loop/rule.js";
import fkIdThroughRelation from "./DJP104-fk-id-through-relation/rule.js";
import pythonSideCountOrExists from "./DJP105-python-side-count-or-exists/rule.js";
import heavyColumnsInListQuery from "./DJP106-heavy-columns-in-list-query/rule.js";
import indexBuiltUnderLock from "./DJP201-index-built-under-lock/rule.js";
import concurrentOpInTransaction from "./DJP202-concurrent-op-in-transaction/rule.js";
import fieldAddsIndexOrFk from "./DJP203-field-adds-index-or-fk/rule.js";
import constraintValidatedUnderLock from "./DJP204-constraint-validated-under-lock/rule.js";
import notNullColumnWithoutDbDefault from "./DJP205-not-null-column-without-db-default/rule.js";
import columnRewriteOrScan from "./DJP206-column-rewrite-or-scan/rule.js";
import backwardIncompatibleSchemaChange from "./DJP207-backward-incompatible-schema-change/rule.js";
import unbatchedDataMigration from "./DJP208-unbatched-data-migration/rule.js";
import unsafeRawSqlInMigration from "./DJP209-unsafe-raw-sql-in-migration/rule.js";
import orderingOnUnindexedField from "./DJP210-ordering-on-unindexed-field/rule.js";
import indexAdvisor from "./DJP211-index-advisor/rule.js";
import containmentLookupWithoutGin from "./DJP212-containment-lookup-without-gin/rule.js";
import migrationsWithoutLockTimeout from "./DJP213-migrations-without-lock-timeout/rule.js";
import listViewWithoutPagination from "./DJP301-list-view-without-pagination/rule.js";
import unpaginatedCustomListResponse from "./DJP302-unpaginated-custom-list-response/rule.js";
import unboundedOrCostlyPagination from "./DJP303-unbounded-or-costly-pagination/rule.js";
import orderingFieldsNotWhitelisted from "./DJP304-ordering-fields-not-whitelisted/rule.js";
import queryInSerializerMethod from "./DJP305-query-in-serializer-method/rule.js";
import serializerRelationNotEagerLoaded from "./DJP306-serializer-relation-not-eager-loaded/rule.js";
import nonSharedCacheInProduction from "./DJP401-non-shared-cache-in-production/rule.js";
import cacheWithoutInvalidation from "./DJP402-cache-without-invalidation/rule.js";
import cacheRoundTripsInLoop from "./DJP403-cache-round-trips-in-loop/rule.js";
import uncachedReferenceData from "./DJP404-uncached-reference-data/rule.js";
import createInLoop from "./DJP501-create-in-loop/rule.js";
import saveInLoop from "./DJP502-save-in-loop/rule.js";
import upsertInLoop from "./DJP503-upsert-in-loop/rule.js";
import unchunkedLargeInput from "./DJP504-unchunked-large-input/rule.js";
import longTransaction from "./DJP505-long-transaction/rule.js";
import heavyWorkInRequest from "./DJP601-heavy-work-in-request/rule.js";
import processLocalSessionOrStorage from "./DJP602-process-local-session-or-storage/rule.js";
import moduleLevelMutableState from "./DJP603-module-level-mutable-state/rule.js";
import celeryTaskWithoutQueueRoute from "./DJP604-celery-task-without-queue-route/rule.js";
import devProfilersInProduction from "./DJP701-dev-profilers-in-production/rule.js";
import observabilityGaps from "./DJP702-observability-gaps/rule.js";

export const RULES: readonly AnyRule[] = [
  lazyRelationInLoop,
  relatedManagerInLoop,
  queryInLoop,
  fkIdThroughRelation,
  pythonSideCountOrExists,
  heavyColumnsInListQuery,
  indexBuiltUnderLock,
  concurrentOpInTransaction,
  fieldAddsIndexOrFk,
  constraintValidatedUnderLock,
  notNullColumnWithoutDbDefault,
  columnRewriteOrScan,
  backwardIncompatibleSchemaChange,
  unbatchedDataMigration,
  unsafeRawSqlInMigration,
  orderingOnUnindexedField,
  indexAdvisor,
  containmentLookupWithoutGin,
  migrationsWithoutLockTimeout,
  listViewWithoutPagination,
  unpaginatedCustomListResponse,
  unboundedOrCostlyPagination,
  orderingFieldsNotWhitelisted,
  queryInSerializerMethod,
  serializerRelationNotEagerLoaded,
  nonSharedCacheInProduction,
  cacheWithoutInvalidation,
  cacheRoundTripsInLoop,
  uncachedReferenceData,
  createInLoop,
  saveInLoop,
  upsertInLoop,
  unchunkedLargeInput,
  longTransaction,
  heavyWorkInRequest,
  processLocalSessionOrStorage,
  moduleLevelMutableState,
  celeryTaskWithoutQueueRoute,
  devProfilersInProduction,
  observabilityGaps,
];
