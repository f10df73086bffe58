/**
 * Counts and text for the eval: one table per set (check / tuning, never mixed) with a row per
 * category, then the misses, hits by an unexpected rule, false alarms and entries that did not run,
 * and a last summary line.
 */
import { CATEGORIES, ORM_BULK_CATEGORIES, SETS, type EvalSet } from "./manifest.js";
import type { CompactFinding, EntryResult } from "./replay.js";

export interface Counts {
  /** Positives replayed (status ok). */
  positives: number;
  hits: number;
  /** Hits where a matching finding is of one of the expected rules. */
  expectedRule: number;
  /** Negatives replayed (status ok). */
  negatives: number;
  falseAlarms: number;
  /** Entries skipped (missing mirror or objects) or failed (djperf error, manifest mismatch). */
  notRun: number;
}

export interface SetSummary {
  set: EvalSet;
  byCategory: { category: string; counts: Counts }[];
  ormBulk: Counts;
  other: Counts;
  all: Counts;
}

const ORM_BULK = new Set<string>(ORM_BULK_CATEGORIES);

function emptyCounts(): Counts {
  return { positives: 0, hits: 0, expectedRule: 0, negatives: 0, falseAlarms: 0, notRun: 0 };
}

export function countResults(results: readonly EntryResult[]): Counts {
  const c = emptyCounts();
  for (const r of results) {
    if (r.status !== "ok") {
      c.notRun++;
    } else if (r.polarity === "positive") {
      c.positives++;
      if (r.hit) c.hits++;
      if (r.expectedRule) c.expectedRule++;
    } else {
      c.negatives++;
      if (r.falseAlarm) c.falseAlarms++;
    }
  }
  return c;
}

export function summarise(results: readonly EntryResult[]): SetSummary[] {
  return SETS.map((set) => {
    const inSet = results.filter((r) => r.set === set);
    const byCategory = CATEGORIES.filter((category) => inSet.some((r) => r.category === category)).map((category) => ({
      category,
      counts: countResults(inSet.filter((r) => r.category === category)),
    }));
    return {
      set,
      byCategory,
      ormBulk: countResults(inSet.filter((r) => ORM_BULK.has(r.category))),
      other: countResults(inSet.filter((r) => !ORM_BULK.has(r.category))),
      all: countResults(inSet),
    };
  });
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${Math.round((100 * part) / whole)} %`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd()).join("\n");
}

function countRow(label: string, c: Counts): string[] {
  return [label, String(c.positives), String(c.hits), percent(c.hits, c.positives), String(c.expectedRule), String(c.negatives), String(c.falseAlarms), String(c.notRun)];
}

const HEADER = ["category", "positives", "hits", "recall", "expected rule", "negatives", "false alarms", "not run"];

function describeFinding(f: CompactFinding): string {
  const where = f.line === f.endLine ? `${f.line}` : `${f.line}-${f.endLine}`;
  return `${f.rule} ${where}${f.diff !== undefined ? ` (${f.diff})` : ""}`;
}

function shorten(text: string, max = 110): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** What djperf said instead of hitting a positive's lines. */
export function describeMiss(r: EntryResult): string {
  const parts: string[] = [];
  if (r.filteredOut !== undefined && r.filteredOut.length > 0) {
    parts.push(`on these lines but left out by the diff filter: ${r.filteredOut.map(describeFinding).join(", ")}`);
  }
  if (r.findingsInFile.length > 0) parts.push(`elsewhere in the file: ${r.findingsInFile.map(describeFinding).join(", ")}`);
  const elsewhere = r.findingsTotal - r.findingsInFile.length;
  if (elsewhere > 0) parts.push(`${elsewhere} finding${elsewhere === 1 ? "" : "s"} in other files`);
  return parts.length === 0 ? "nothing" : parts.join("; ");
}

function location(r: EntryResult): string {
  return `${r.path}:${r.lines[0]}-${r.lines[1]}`;
}

export function formatReport(results: readonly EntryResult[], header: { cli: string; manifest: string }): string {
  const out: string[] = [];
  out.push(`djperf: ${header.cli}`);
  out.push(`manifest: ${header.manifest}, ${results.length} entr${results.length === 1 ? "y" : "ies"} selected`);
  const summaries = summarise(results);
  for (const s of summaries) {
    if (s.set === "rotation" && isEmpty(s)) continue; // only when a round has mined one
    if (isEmpty(s)) {
      out.push("", `${s.set} set: no entries selected`);
      continue;
    }
    const rows = [HEADER, ...s.byCategory.map((row) => countRow(row.category, row.counts))];
    rows.push(countRow("ORM/bulk (issue 7)", s.ormBulk));
    if (s.other.positives + s.other.negatives + s.other.notRun > 0) rows.push(countRow("other families", s.other));
    rows.push(countRow("all", s.all));
    out.push("", `${s.set} set`, table(rows));
  }

  const ok = results.filter((r) => r.status === "ok");
  const misses = ok.filter((r) => r.polarity === "positive" && !r.hit);
  const otherRule = ok.filter((r) => r.polarity === "positive" && r.hit && !r.expectedRule);
  const alarms = ok.filter((r) => r.polarity === "negative" && r.falseAlarm);
  const notRun = results.filter((r) => r.status !== "ok");
  const section = (title: string, list: EntryResult[], line: (r: EntryResult) => string) => {
    if (list.length === 0) return;
    out.push("", `${title} (${list.length})`);
    for (const r of list) out.push(`  ${r.set}  ${r.id}  ${location(r)}  ${line(r)}`);
  };
  section("Misses", misses, (r) => `[expected ${r.rules.join("/")}] djperf: ${describeMiss(r)}`);
  section("Hits by another rule than expected", otherRule, (r) => `[expected ${r.rules.join("/")}] got ${r.matching.map(describeFinding).join(", ")}`);
  section("False alarms", alarms, (r) => r.matching.map((f) => `${describeFinding(f)}: ${shorten(f.message)}`).join(" | "));
  section("Not run", notRun, (r) => `${r.status}: ${r.reason ?? ""}`);

  out.push("", summaryLine(summaries));
  return `${out.join("\n")}\n`;
}

/** `recall check 12/30 (40 %), false alarms check 0/12; tuning …` over the ORM/bulk categories. */
export function summaryLine(summaries: readonly SetSummary[]): string {
  const parts = summaries.filter((s) => s.set !== "rotation" || !isEmpty(s)).map((s) => {
    const c = s.ormBulk;
    return `recall ${s.set} ${c.hits}/${c.positives} (${percent(c.hits, c.positives)}), false alarms ${s.set} ${c.falseAlarms}/${c.negatives}`;
  });
  const other = summaries.filter((s) => s.other.positives + s.other.negatives > 0);
  const tail = other.map((s) => `other families ${s.set} ${s.other.hits}/${s.other.positives}, false alarms ${s.other.falseAlarms}/${s.other.negatives}`);
  return `${parts.join("; ")} (ORM/bulk categories)${tail.length > 0 ? `; ${tail.join("; ")}` : ""}`;
}

function isEmpty(s: SetSummary): boolean {
  return s.all.positives + s.all.negatives + s.all.notRun === 0;
}
