/**
 * The team rulebook's DO / DON'T lists as a checklist the check run fills in. Each item names the rules
 * that check it (RULES.md §6); the product carries its own wording and never reads the rulebook.
 */
import type { Finding } from "../analysis/finding.js";
import { escapeTableCell } from "./markdown.js";

export type ComplianceKind = "do" | "dont";

export interface ComplianceItem {
  /** Stable key: DO1…DO10, DONT1…DONT7 (the rulebook's order). */
  key: string;
  kind: ComplianceKind;
  text: string;
  /** Rule ids that check this item, whether or not they exist yet. */
  rules: readonly string[];
}

/** DJP101–DJP104 → DJP101, DJP102, DJP103, DJP104. */
function idRange(first: number, last: number): string[] {
  return Array.from({ length: last - first + 1 }, (_, i) => `DJP${first + i}`);
}

export const COMPLIANCE_ITEMS: readonly ComplianceItem[] = [
  { key: "DO1", kind: "do", text: "List views load their relations eagerly (`select_related` / `prefetch_related`)", rules: ["DJP101", "DJP102", "DJP306"] },
  { key: "DO2", kind: "do", text: "Fields used to filter and order are indexed (and indexes are added safely)", rules: ["DJP210", "DJP211", "DJP212", ...idRange(201, 203)] },
  { key: "DO3", kind: "do", text: "Every list endpoint is paginated with a bounded page size", rules: ["DJP301", "DJP302", "DJP303"] },
  { key: "DO4", kind: "do", text: "DRF `ordering_fields` are listed explicitly", rules: ["DJP304"] },
  { key: "DO5", kind: "do", text: "Per-object counts come from `annotate`, not a SerializerMethodField", rules: ["DJP305"] },
  { key: "DO6", kind: "do", text: "Reference data that is read often is cached", rules: ["DJP404", "DJP403"] },
  { key: "DO7", kind: "do", text: "ETL writes in bulk (`bulk_create`, `bulk_update`, bulk upserts)", rules: ["DJP501", "DJP502", "DJP503", "DJP208"] },
  { key: "DO8", kind: "do", text: "Large files and tables are processed in chunks", rules: ["DJP504"] },
  { key: "DO9", kind: "do", text: "The application keeps no state in the process (sessions and caches are shared)", rules: ["DJP602", "DJP603", "DJP401"] },
  { key: "DO10", kind: "do", text: "Celery tasks are routed to queues by kind of work", rules: ["DJP604"] },
  { key: "DONT1", kind: "dont", text: "N+1 queries", rules: [...idRange(101, 104), "DJP305", "DJP306"] },
  { key: "DONT2", kind: "dont", text: "List responses without a limit", rules: ["DJP301", "DJP302", "DJP303"] },
  { key: "DONT3", kind: "dont", text: "Ordering on fields without an index", rules: ["DJP210", "DJP304"] },
  { key: "DONT4", kind: "dont", text: "Heavy per-object work in serializers", rules: ["DJP305"] },
  { key: "DONT5", kind: "dont", text: "Long-running transactions (batch and commit instead)", rules: ["DJP505", "DJP208"] },
  { key: "DONT6", kind: "dont", text: "Slow, synchronous work in the HTTP request", rules: ["DJP601"] },
  { key: "DONT7", kind: "dont", text: "Sessions kept in process memory", rules: ["DJP602"] },
];

export type ComplianceStatus =
  | { state: "pass" }
  | { state: "fail"; count: number }
  /** None of the item's rules ran (not implemented yet, or switched off). */
  | { state: "not-applicable" }
  /** No finding, but a rule could not decide (env-driven settings, a rule that crashed). */
  | { state: "unverified"; rules: string[] };

export interface ComplianceRow {
  item: ComplianceItem;
  /** The item's rules that ran, in the item's order. */
  checkedBy: string[];
  status: ComplianceStatus;
}

export interface ComplianceInput {
  /** Ids of the rules that ran in this analysis. */
  enabledRules: Iterable<string>;
  /** The findings the verdict is about (the pull request's, for a review). */
  findings: readonly Pick<Finding, "ruleId">[];
  /** Rules that reported an "unverified" state (or could not finish). */
  unverified?: Iterable<string>;
}

export function evaluateCompliance(input: ComplianceInput): ComplianceRow[] {
  const enabled = new Set(input.enabledRules);
  const unverified = new Set(input.unverified ?? []);
  const counts = new Map<string, number>();
  for (const f of input.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);

  return COMPLIANCE_ITEMS.map((item) => {
    const checkedBy = item.rules.filter((id) => enabled.has(id));
    return { item, checkedBy, status: statusOf(checkedBy, counts, unverified) };
  });
}

function statusOf(checkedBy: readonly string[], counts: ReadonlyMap<string, number>, unverified: ReadonlySet<string>): ComplianceStatus {
  if (checkedBy.length === 0) return { state: "not-applicable" };
  const count = checkedBy.reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
  if (count > 0) return { state: "fail", count };
  const undecided = checkedBy.filter((id) => unverified.has(id));
  return undecided.length > 0 ? { state: "unverified", rules: undecided } : { state: "pass" };
}

/** ✔ / ✖ N / — / ? as shown in the table. */
export function statusSymbol(status: ComplianceStatus): string {
  switch (status.state) {
    case "pass":
      return "✔";
    case "fail":
      return `✖ ${status.count}`;
    case "not-applicable":
      return "—";
    case "unverified":
      return "?";
  }
}

/** The DO/DON'T table of the check-run summary. */
export function renderComplianceTable(rows: readonly ComplianceRow[]): string {
  const lines = ["| | Rulebook item | Checked by | Result |", "|---|---|---|---|"];
  for (const { item, checkedBy, status } of rows) {
    const rules = checkedBy.length > 0 ? checkedBy.join(", ") : "none enabled";
    const result = status.state === "unverified" ? `? unverified (${status.rules.join(", ")})` : statusSymbol(status);
    lines.push(`| ${item.kind === "do" ? "DO" : "DON'T"} | ${escapeTableCell(item.text)} | ${rules} | ${result} |`);
  }
  return lines.join("\n");
}
