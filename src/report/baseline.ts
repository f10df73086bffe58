/**
 * A baseline: the findings a project already had when it adopted djperf, so that later runs report
 * only new ones (as teams adopt Ruff, mypy or Psalm on old code). Entries are matched by the finding's
 * identity (rule, enclosing class and function, what it is about: src/analysis/fingerprint.ts), which
 * survives moved lines and reformatting; the path is preferred when it still matches, so two equal
 * findings in different files are told apart, but a moved or renamed file keeps its entries.
 * Counted as a multiset: a second copy of a baselined finding is new.
 */
import type { Finding } from "../analysis/finding.js";

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  path: string;
  identity: string;
  /** For people reading the file; not used for matching. */
  message: string;
}

export interface Baseline {
  version: number;
  entries: BaselineEntry[];
}

export function baselineOf(findings: readonly Finding[]): Baseline {
  const entries = findings
    .map((f) => ({ rule: f.ruleId, path: f.path, identity: f.identity, message: f.message.split("\n")[0] ?? "" }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
  return { version: BASELINE_VERSION, entries };
}

export function formatBaseline(baseline: Baseline): string {
  const lines = baseline.entries.map((e) => `    ${JSON.stringify(e)}`);
  return `{\n  "version": ${baseline.version},\n  "tool": "djperf",\n  "entries": [\n${lines.join(",\n")}${lines.length > 0 ? "\n" : ""}  ]\n}\n`;
}

/** The baseline in `text`, or why it cannot be read. */
export function parseBaseline(text: string): Baseline | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const data = raw as { version?: unknown; entries?: unknown };
  if (typeof data !== "object" || data === null || data.version !== BASELINE_VERSION || !Array.isArray(data.entries)) {
    return { error: `not a djperf baseline of version ${BASELINE_VERSION}` };
  }
  const entries: BaselineEntry[] = [];
  for (const e of data.entries as unknown[]) {
    const entry = e as Partial<BaselineEntry>;
    if (typeof entry.rule !== "string" || typeof entry.identity !== "string") return { error: "an entry lacks rule or identity" };
    entries.push({ rule: entry.rule, path: typeof entry.path === "string" ? entry.path : "", identity: entry.identity, message: typeof entry.message === "string" ? entry.message : "" });
  }
  return { version: BASELINE_VERSION, entries };
}

/** The findings not in the baseline, and how many were. */
export function withoutBaselined<F extends Finding>(findings: readonly F[], baseline: Baseline): { findings: F[]; baselined: number } {
  const exact = new Map<string, number>();
  const bump = (key: string, by: number): void => void exact.set(key, (exact.get(key) ?? 0) + by);
  for (const e of baseline.entries) bump(`${e.rule}\0${e.identity}\0${e.path}`, 1);
  const unmatched: F[] = [];
  // Same file first, so that a finding elsewhere with the same identity cannot use up its entry.
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.identity}\0${f.path}`;
    if ((exact.get(key) ?? 0) > 0) bump(key, -1);
    else unmatched.push(f);
  }
  const kept: F[] = [];
  for (const f of unmatched) {
    const key = `${f.ruleId}\0${f.identity}`;
    // Left over after exact matches: entries whose file moved or was renamed.
    if (!takeLeftover(exact, key)) kept.push(f);
  }
  return { findings: kept, baselined: findings.length - kept.length };
}

/** Uses up one entry of this rule and identity in any file; false when none is left. */
function takeLeftover(exact: Map<string, number>, prefix: string): boolean {
  for (const [k, v] of exact) {
    if (k.startsWith(`${prefix}\0`) && v > 0) {
      exact.set(k, v - 1);
      return true;
    }
  }
  return false;
}
