/**
 * The compliance table: for every rulebook line (compliance-items.ts), what this run says about it.
 *
 * - ✔ pass: its rules ran, examined something relevant and found nothing;
 * - ✖ fail: N findings of its rules (with their locations);
 * - ? unverified: no finding, but a rule could not decide (a setting read from the environment, a
 *   rule that crashed);
 * - — not applicable: its rules ran but nothing relevant was analysed (no task, no transaction, no
 *   settings module in the change);
 * - not checked yet: no rule of this djperf version checks it (rules of other families are still to
 *   come: never shown as something the user could switch on);
 * - off: its rules exist but the configuration switched them off.
 *
 * One model, two renderings: a text table for `djperf check|diff --summary`, Markdown for the check run.
 */
import type { Finding, RuleCoverage } from "../analysis/finding.js";
import { COMPLIANCE_ITEMS, GROUP_TITLES, KIND_LABEL, MESSAGE_ITEMS, type ComplianceItem } from "./compliance-items.js";
import { codeSpan, escapeTableCell, link } from "./markdown.js";

export { COMPLIANCE_ITEMS, type ComplianceItem } from "./compliance-items.js";

export type ComplianceState = "fail" | "unverified" | "pass" | "not-applicable" | "not-checked" | "off";

export interface ComplianceLocation {
  ruleId: string;
  path: string;
  line: number;
}

export interface ComplianceRow {
  item: ComplianceItem;
  state: ComplianceState;
  /** The item's rules that exist and are enabled, in the item's order. */
  checkedBy: string[];
  /** The item's rules that exist but are switched off. */
  off: string[];
  /** The item's rules this djperf version does not have yet. */
  notYet: string[];
  findings: ComplianceLocation[];
  unverified: { ruleId: string; reason: string }[];
}

export interface ComplianceInput {
  /** Every rule this djperf version has (registered in rules/index.ts). */
  registeredRules: Iterable<string>;
  /** Rules enabled by the configuration. */
  enabledRules: Iterable<string>;
  /** The findings the verdict is about (the pull request's, for a review). */
  findings: readonly Pick<Finding, "ruleId" | "messageId" | "path" | "range">[];
  /** What the rules examined; without it every enabled rule counts as having examined something. */
  coverage?: RuleCoverage;
  /** Rules that could not finish (crashed): their items are unverified, not passed. */
  failedRules?: Iterable<string>;
}

export function evaluateCompliance(input: ComplianceInput): ComplianceRow[] {
  const registered = new Set(input.registeredRules);
  const enabled = new Set(input.enabledRules);
  const applicable = input.coverage ? new Set(input.coverage.applicable) : undefined;
  const failed = new Set(input.failedRules ?? []);
  return COMPLIANCE_ITEMS.map((item) => {
    const checkedBy = item.rules.filter((id) => registered.has(id) && enabled.has(id));
    const off = item.rules.filter((id) => registered.has(id) && !enabled.has(id));
    const notYet = item.rules.filter((id) => !registered.has(id));
    const counts = (ruleId: string, topic: string | undefined): boolean => {
      if (!checkedBy.includes(ruleId)) return false;
      const byTopic = MESSAGE_ITEMS.get(ruleId);
      return !byTopic || topic === undefined || byTopic.get(topic) === item.key;
    };
    const findings = input.findings
      .filter((f) => counts(f.ruleId, f.messageId))
      .map((f) => ({ ruleId: f.ruleId, path: f.path, line: f.range.start.line }));
    const unverified = [
      ...(input.coverage?.unverified ?? []).filter((u) => counts(u.ruleId, u.topic)).map((u) => ({ ruleId: u.ruleId, reason: u.reason })),
      ...checkedBy.filter((id) => failed.has(id)).map((ruleId) => ({ ruleId, reason: "the rule could not run (see Diagnostics)" })),
    ];
    const examined = checkedBy.some((id) => !applicable || applicable.has(id));
    const state: ComplianceState =
      checkedBy.length === 0
        ? off.length > 0
          ? "off"
          : "not-checked"
        : findings.length > 0
          ? "fail"
          : unverified.length > 0
            ? "unverified"
            : examined
              ? "pass"
              : "not-applicable";
    return { item, state, checkedBy, off, notYet, findings, unverified };
  });
}

/** Rows that say something about the code: a verdict or an honest "cannot tell". */
export function isInformative(row: ComplianceRow): boolean {
  return row.state === "fail" || row.state === "unverified" || row.state === "pass";
}

export function statusSymbol(row: Pick<ComplianceRow, "state" | "findings">): string {
  switch (row.state) {
    case "pass":
      return "✔";
    case "fail":
      return `✖ ${row.findings.length}`;
    case "unverified":
      return "?";
    case "not-applicable":
      return "—";
    case "not-checked":
      return "not checked yet";
    case "off":
      return "off";
  }
}

const STATE_PHRASE: Record<Exclude<ComplianceState, "fail" | "unverified" | "pass">, (scope: string) => string> = {
  "not-applicable": (scope) => `— nothing relevant in ${scope}`,
  "not-checked": () => "not checked by this djperf version yet",
  off: () => "off: its rules are switched off in the configuration",
};

export interface ComplianceRenderOptions {
  /** Every item as its own row (`--summary full`); otherwise items without a verdict are listed compactly. */
  full?: boolean;
  /** What was analysed, for the heading: "the analysed files", "this pull request". */
  scope: string;
}

export function complianceHeadline(scope: string): string {
  const count = (kind: ComplianceItem["kind"]) => COMPLIANCE_ITEMS.filter((i) => i.kind === kind).length;
  return `The Django performance rulebook djperf enforces, item by item, for ${scope}: its ${count("do")} DOs, ${count("dont")} DON'Ts and ${count("checklist")} checklist lines (plus ${count("practice")} practice it shows in code), each checked by the djperf rules named on its row.`;
}

function legend(scope: string): string {
  return `✔ follows it · ✖ N findings · ? cannot be decided from the code · — nothing relevant in ${scope} · "not checked yet": no djperf rule for it in this version`;
}

// ── text ───────────────────────────────────────────────────────────────────────────────────────────

/** The table for a terminal: one block per group, informative rows first, the rest condensed (or all rows with `full`). */
export function renderComplianceText(rows: readonly ComplianceRow[], options: ComplianceRenderOptions): string {
  const lines = [
    "Rulebook compliance",
    complianceHeadline(options.scope),
    `${legend(options.scope)}. Keys: DO / DONT = the rulebook's lists, CL = its checklist, PR = a practice it shows in code.`,
    "",
  ];
  const shown = rows.filter((r) => options.full || isInformative(r));
  const textWidth = Math.min(72, Math.max(20, ...shown.map((r) => r.item.text.length)));
  const keyWidth = Math.max(4, ...shown.map((r) => r.item.key.length));
  for (const [group, title] of GROUP_TITLES) {
    const inGroup = rows.filter((r) => r.item.group === group);
    if (inGroup.length === 0) continue;
    lines.push(title);
    for (const row of inGroup.filter((r) => options.full || isInformative(r))) {
      const symbol = row.state === "not-checked" ? "·" : statusSymbol(row);
      lines.push(`  ${symbol.padEnd(6)} ${row.item.key.padEnd(keyWidth)} ${row.item.text.padEnd(textWidth)}  ${textDetail(row, options.scope)}`);
    }
    if (!options.full) {
      for (const state of ["not-applicable", "not-checked", "off"] as const) {
        const rest = inGroup.filter((r) => r.state === state);
        if (rest.length === 0) continue;
        const items = rest.map((r) => `${r.item.key} ${r.item.short}`).join("; ");
        lines.push(`  ${(state === "not-applicable" ? "—" : "·").padEnd(6)} ${STATE_PHRASE[state](options.scope).replace(/^— /, "")}: ${items}`);
      }
    }
  }
  if (!options.full && rows.some((r) => !isInformative(r))) lines.push("", "`--summary full` gives every item its own row.");
  return `${lines.join("\n")}\n`;
}

function textDetail(row: ComplianceRow, scope: string): string {
  const pending = row.notYet.length > 0 ? ` (${row.notYet.join(", ")} not checked yet)` : "";
  switch (row.state) {
    case "fail": {
      const where = row.findings.slice(0, 3).map((f) => `${f.path}:${f.line}`);
      const more = row.findings.length > 3 ? `, +${row.findings.length - 3} more` : "";
      return `${perRule(row.findings)}: ${where.join(", ")}${more}`;
    }
    case "unverified": {
      const first = row.unverified[0];
      const more = row.unverified.length > 1 ? ` (+${row.unverified.length - 1} more)` : "";
      return first ? `${first.ruleId}: ${first.reason}${more}` : "";
    }
    case "pass":
      return `checked by ${row.checkedBy.join(", ")}${pending}`;
    case "not-applicable":
      return `nothing relevant in ${scope} for ${row.checkedBy.join(", ")}${pending}`;
    case "not-checked":
      return `needs ${row.notYet.join(", ")}`;
    case "off":
      return `${row.off.join(", ")} switched off`;
  }
}

function perRule(findings: readonly ComplianceLocation[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return [...counts].map(([id, n]) => `${id} ×${n}`).join(", ");
}

// ── markdown ───────────────────────────────────────────────────────────────────────────────────────

export interface ComplianceMarkdownOptions extends ComplianceRenderOptions {
  /** Link to a rule's page (undefined: show the id without a link). */
  ruleUrl: (ruleId: string) => string | undefined;
  /** In-page anchor of a rule's findings (the check run's findings list), when there is one. */
  findingsAnchor?: (ruleId: string) => string | undefined;
}

/** The HTML anchor placed before a rule's findings in the check run, so table cells can link to it. */
export function findingsAnchorId(ruleId: string): string {
  return `djperf-findings-${ruleId.toLowerCase()}`;
}

export function renderComplianceMarkdown(rows: readonly ComplianceRow[], options: ComplianceMarkdownOptions): string {
  const header = ["| | Rulebook item | Result | Checked by |", "|---|---|---|---|"];
  const table = (list: readonly ComplianceRow[]): string[] => {
    const out = [...header];
    for (const [group, title] of GROUP_TITLES) {
      const inGroup = list.filter((r) => r.item.group === group);
      if (inGroup.length === 0) continue;
      out.push(`| **${title}** | | | |`);
      for (const row of inGroup) out.push(markdownRow(row, options));
    }
    return out;
  };
  const parts = [`${complianceHeadline(options.scope)}\n${legend(options.scope)}`];
  const informative = rows.filter((r) => options.full || isInformative(r));
  const rest = rows.filter((r) => !options.full && !isInformative(r));
  parts.push(informative.length > 0 ? table(informative).join("\n") : `_No rulebook item has a verdict for ${options.scope}._`);
  if (rest.length > 0) {
    const counts = (["not-applicable", "not-checked", "off"] as const)
      .map((s) => [s, rest.filter((r) => r.state === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s === "not-applicable" ? `with nothing relevant in ${options.scope}` : s === "not-checked" ? "not checked by this djperf version yet" : "switched off"}`);
    parts.push(`<details><summary>${rest.length} more rulebook items without a verdict: ${counts.join(", ")}</summary>\n\n${table(rest).join("\n")}\n\n</details>`);
  }
  return parts.join("\n\n");
}

function markdownRow(row: ComplianceRow, options: ComplianceMarkdownOptions): string {
  const kind = row.item.kind === "dont" ? "DON'T" : KIND_LABEL[row.item.kind];
  const text = escapeTableCell(row.item.section ? `${row.item.text} (rulebook: ${row.item.section})` : row.item.text);
  const ruleLink = (id: string): string => {
    const url = options.ruleUrl(id);
    return url ? link(id, url) : id;
  };
  const checkedBy = [
    ...row.checkedBy.map(ruleLink),
    ...row.off.map((id) => `${ruleLink(id)} (off)`),
    ...(row.notYet.length > 0 ? [`not checked yet: ${row.notYet.join(", ")}`] : []),
  ].join(" · ");
  return `| ${kind} | ${text} | ${escapeTableCell(markdownResult(row, options))} | ${checkedBy} |`;
}

function markdownResult(row: ComplianceRow, options: ComplianceMarkdownOptions): string {
  switch (row.state) {
    case "fail": {
      const counts = new Map<string, number>();
      for (const f of row.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
      const links = [...counts].map(([id, n]) => {
        const anchor = options.findingsAnchor?.(id);
        return anchor ? link(`${id} ×${n}`, `#${anchor}`) : `${id} ×${n}`;
      });
      const where = row.findings.slice(0, 3).map((f) => codeSpan(`${f.path}:${f.line}`));
      const more = row.findings.length > 3 ? ` +${row.findings.length - 3} more` : "";
      return `✖ ${row.findings.length}: ${links.join(", ")} (${where.join(", ")}${more})`;
    }
    case "unverified":
      return `? ${row.unverified.map((u) => `${u.ruleId}: ${u.reason}`).slice(0, 2).join("; ")}${row.unverified.length > 2 ? ` (+${row.unverified.length - 2} more)` : ""}`;
    case "pass":
      return "✔";
    case "not-applicable":
      return `— nothing relevant in ${options.scope}`;
    case "not-checked":
      return "not checked yet";
    case "off":
      return "off";
  }
}
