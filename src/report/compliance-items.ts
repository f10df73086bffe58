/**
 * The rulebook the team follows (the Django performance rules: its DO list, its DON'T list and its
 * checklist), as data: one entry per line, in djperf's own words, each mapped to the rules that
 * check it (RULES.md §6). The product never reads the rulebook itself; a dev-only test
 * (test/unit/publish/compliance-rulebook.test.ts) checks that every line of it has an entry here.
 *
 * Keys are stable: DO1…DO10 and DONT1…DONT7 in the rulebook's order, checklist lines `CL-<GROUP>-n`,
 * practices the rulebook shows in code only `PR-<NAME>`. Rule ids may name rules that do not exist
 * yet; the table says "not checked yet" for those.
 */

export type ComplianceKind = "do" | "dont" | "checklist" | "practice";

export type ComplianceGroup = "orm" | "api" | "cache" | "etl" | "scalability" | "monitoring";

/** Group titles, in display order (the rulebook checklist's headings). */
export const GROUP_TITLES: ReadonlyMap<ComplianceGroup, string> = new Map([
  ["orm", "ORM & database"],
  ["api", "API & DRF"],
  ["cache", "Cache"],
  ["etl", "ETL & async"],
  ["scalability", "Scalability"],
  ["monitoring", "Monitoring"],
]);

export interface ComplianceItem {
  key: string;
  kind: ComplianceKind;
  group: ComplianceGroup;
  /** The item in djperf's words (a positive statement for DO / checklist / practice, the thing to avoid for DON'T). */
  text: string;
  /** A few words, for condensed lists. */
  short: string;
  /** Rule ids that check the item, whether or not they exist yet. */
  rules: readonly string[];
  /** For practices: the rulebook section that shows it. */
  section?: string;
}

/** DJP101–DJP104 → DJP101, DJP102, DJP103, DJP104. */
function idRange(first: number, last: number): string[] {
  return Array.from({ length: last - first + 1 }, (_, i) => `DJP${first + i}`);
}

const EAGER = ["DJP101", "DJP102", "DJP306"];
const PAGINATION = ["DJP301", "DJP302", "DJP303"];
const INDEXES = ["DJP210", "DJP211", "DJP212"];

export const COMPLIANCE_ITEMS: readonly ComplianceItem[] = [
  // ── DO ──
  { key: "DO1", kind: "do", group: "orm", text: "List views load their relations eagerly (`select_related` / `prefetch_related`)", short: "eager loading in list views", rules: EAGER },
  { key: "DO2", kind: "do", group: "orm", text: "Fields used to filter and order are indexed (and indexes are added safely)", short: "indexes on filtered/ordered fields", rules: [...INDEXES, ...idRange(201, 203)] },
  { key: "DO3", kind: "do", group: "api", text: "Every list endpoint is paginated with a bounded page size", short: "paginated list endpoints", rules: PAGINATION },
  { key: "DO4", kind: "do", group: "api", text: "DRF `ordering_fields` are listed explicitly", short: "explicit ordering_fields", rules: ["DJP304"] },
  { key: "DO5", kind: "do", group: "api", text: "Per-object counts come from `annotate`, not a SerializerMethodField", short: "annotate instead of method fields", rules: ["DJP305"] },
  { key: "DO6", kind: "do", group: "cache", text: "Reference data that is read often is cached", short: "cached reference data", rules: ["DJP404", "DJP403"] },
  { key: "DO7", kind: "do", group: "etl", text: "ETL writes in bulk (`bulk_create`, `bulk_update`, bulk upserts)", short: "bulk writes in ETL", rules: ["DJP501", "DJP502", "DJP503", "DJP208"] },
  { key: "DO8", kind: "do", group: "etl", text: "Large files and tables are processed in chunks", short: "chunked processing", rules: ["DJP504"] },
  { key: "DO9", kind: "do", group: "scalability", text: "The application keeps no state in the process (sessions and caches are shared)", short: "stateless application", rules: ["DJP602", "DJP603", "DJP401"] },
  { key: "DO10", kind: "do", group: "scalability", text: "Celery tasks are routed to queues by kind of work", short: "Celery queues by kind of work", rules: ["DJP604"] },
  // ── DON'T ──
  { key: "DONT1", kind: "dont", group: "orm", text: "N+1 queries", short: "N+1 queries", rules: [...idRange(101, 104), "DJP305", "DJP306"] },
  { key: "DONT2", kind: "dont", group: "api", text: "List responses without a limit", short: "unlimited lists", rules: PAGINATION },
  { key: "DONT3", kind: "dont", group: "orm", text: "Ordering on fields without an index", short: "ordering on unindexed fields", rules: ["DJP210", "DJP304"] },
  { key: "DONT4", kind: "dont", group: "api", text: "Heavy per-object work in serializers", short: "heavy serializers", rules: ["DJP305"] },
  { key: "DONT5", kind: "dont", group: "etl", text: "Long-running transactions (batch and commit instead)", short: "long transactions", rules: ["DJP505", "DJP208"] },
  { key: "DONT6", kind: "dont", group: "etl", text: "Slow, synchronous work in the HTTP request", short: "slow work in requests", rules: ["DJP601"] },
  { key: "DONT7", kind: "dont", group: "scalability", text: "Sessions kept in process memory", short: "in-memory sessions", rules: ["DJP602"] },
  // ── checklist: ORM & database ──
  { key: "CL-ORM-1", kind: "checklist", group: "orm", text: "List views call `select_related` / `prefetch_related`", short: "list views eager-load", rules: EAGER },
  { key: "CL-ORM-2", kind: "checklist", group: "orm", text: "Fields that are filtered or ordered on have indexes", short: "indexes exist", rules: INDEXES },
  { key: "CL-ORM-3", kind: "checklist", group: "orm", text: "No Python loop calls `obj.related.all()` over a large set", short: "no related managers in loops", rules: ["DJP102"] },
  // ── checklist: API & DRF ──
  { key: "CL-API-1", kind: "checklist", group: "api", text: "Every list is paginated with a sensible page size (about 50)", short: "lists paginated", rules: PAGINATION },
  { key: "CL-API-2", kind: "checklist", group: "api", text: "`ordering_fields` is an explicit whitelist", short: "ordering whitelist", rules: ["DJP304"] },
  { key: "CL-API-3", kind: "checklist", group: "api", text: "Serializers compute nothing per object (annotations instead)", short: "no per-object serializer work", rules: ["DJP305"] },
  // ── checklist: Cache ──
  { key: "CL-CACHE-1", kind: "checklist", group: "cache", text: "Production uses Redis (a shared cache), not a per-process one", short: "Redis in production", rules: ["DJP401"] },
  { key: "CL-CACHE-2", kind: "checklist", group: "cache", text: "Reference data (parameters, configuration) is cached", short: "reference data cached", rules: ["DJP404"] },
  { key: "CL-CACHE-3", kind: "checklist", group: "cache", text: "Cached entries are invalidated where the data changes", short: "cache invalidation", rules: ["DJP402"] },
  // ── checklist: ETL & async ──
  { key: "CL-ETL-1", kind: "checklist", group: "etl", text: "Large files are read in chunks", short: "files read in chunks", rules: ["DJP504"] },
  { key: "CL-ETL-2", kind: "checklist", group: "etl", text: "Writes use bulk operations (`bulk_create`, `bulk_update`)", short: "bulk operations", rules: ["DJP501", "DJP502", "DJP503"] },
  { key: "CL-ETL-3", kind: "checklist", group: "etl", text: "Heavy work runs in Celery, not in the request", short: "heavy work on Celery", rules: ["DJP601"] },
  // ── checklist: Scalability ──
  { key: "CL-SCALE-1", kind: "checklist", group: "scalability", text: "The application holds no per-process state", short: "no per-process state", rules: ["DJP602", "DJP603"] },
  { key: "CL-SCALE-2", kind: "checklist", group: "scalability", text: "Several web and worker instances can run side by side", short: "several instances possible", rules: ["DJP602", "DJP603", "DJP401"] },
  { key: "CL-SCALE-3", kind: "checklist", group: "scalability", text: "Celery queues are separated by priority or kind of work", short: "separate Celery queues", rules: ["DJP604"] },
  // ── checklist: Monitoring ──
  { key: "CL-MON-1", kind: "checklist", group: "monitoring", text: "Response times are measured (an APM or metrics library is set up)", short: "response-time metrics", rules: ["DJP702"] },
  { key: "CL-MON-2", kind: "checklist", group: "monitoring", text: "Slow queries are logged", short: "slow query log", rules: ["DJP702"] },
  { key: "CL-MON-3", kind: "checklist", group: "monitoring", text: "Celery queue lengths are watched (task events on, time limits set)", short: "Celery monitored", rules: ["DJP702"] },
  // ── practices the rulebook shows in code ──
  {
    key: "PR-DEV-TOOLS",
    kind: "practice",
    group: "monitoring",
    text: "The debug toolbar and query profilers are installed for development only",
    short: "profilers dev-only",
    rules: ["DJP701"],
    section: "Monitoring Queries → Debug Toolbar (Development)",
  },
];

/** DJP702 reports one finding per gap; each gap answers one checklist line. */
export const MESSAGE_ITEMS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    "DJP702",
    new Map([
      ["noApm", "CL-MON-1"],
      ["noSlowQueryLog", "CL-MON-2"],
      ["celeryUnmonitored", "CL-MON-3"],
    ]),
  ],
]);

export const KIND_LABEL: Record<ComplianceKind, string> = { do: "DO", dont: "DON'T", checklist: "Checklist", practice: "Practice" };
