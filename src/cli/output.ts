/** Rendering a result in the chosen format, the exit code it implies, and the progress line. */
import { decodeSource } from "../analysis/parser.js";
import { realpath } from "node:fs/promises";
import { relative, sep } from "node:path";
import type { RepoSource } from "../pipeline/ports.js";
import type { AnalysisResult } from "../analysis/finding.js";
import { formatGithub, formatJson, formatSarif, formatText } from "../report/formats/index.js";
import type { CliArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { findPackageRoot, packageVersion } from "./package-info.js";
import { rebaseResult } from "./repo-paths.js";
import type { AnyRule } from "../analysis/rule.js";
import type { DjperfConfig } from "../config/schema.js";
import { effectiveRule } from "../config/resolve.js";
import { evaluateCompliance, renderComplianceText, type ComplianceRow } from "../report/compliance.js";

export interface RenderInput {
  result: AnalysisResult;
  source: RepoSource;
  args: CliArgs;
  io: CliIo;
  /** The folder finding paths are relative to, as the user would type it from the working directory. */
  displayRoot: string | undefined;
  /**
   * Where `result`'s paths start, seen from the repository root (`backend` when the Django project is
   * a subfolder of the git work tree); machine-readable formats report paths from the repository root.
   */
  repoPrefix?: string;
  /** The repository root on disk, for SARIF's `originalUriBaseIds`; unknown for bare repositories. */
  repoRoot?: string;
  /** For `--summary`: the configuration (which rules are enabled) and what was analysed ("the analysed files"). */
  summary?: { config: DjperfConfig; scope: string };
}

export async function render(given: RenderInput): Promise<string> {
  const input = given.args.format === "text" ? given : { ...given, result: rebaseResult(given.result, given.repoPrefix ?? "") };
  const main = await renderFindings(input);
  const { args, summary, result, io } = input;
  if (args.summary === undefined || !summary) return main;
  const rows = complianceRows(result, io.rules, summary.config);
  if (args.format === "json") {
    const report = JSON.parse(main) as Record<string, unknown>;
    report.compliance = rows.map((r) => ({
      key: r.item.key,
      kind: r.item.kind,
      group: r.item.group,
      text: r.item.text,
      state: r.state,
      rules: { checked: r.checkedBy, off: r.off, notYet: r.notYet },
      findings: r.findings,
      unverified: r.unverified,
    }));
    return `${JSON.stringify(report, null, 2)}\n`;
  }
  return `${main}\n${renderComplianceText(rows, { scope: summary.scope, full: args.summary === "full" })}`;
}

/** The compliance rows of a CLI run: registered rules from the registry, enabled ones from the configuration. */
export function complianceRows(result: AnalysisResult, rules: readonly AnyRule[], config: DjperfConfig): ComplianceRow[] {
  return evaluateCompliance({
    registeredRules: rules.map((r) => r.id),
    enabledRules: rules.filter((r) => effectiveRule(config, r.id, r.level).enabled).map((r) => r.id),
    findings: result.findings,
    ...(result.coverage ? { coverage: result.coverage } : {}),
    failedRules: result.diagnostics.flatMap((d) => (d.kind === "rule-crash" && d.ruleId ? [d.ruleId] : [])),
  });
}

async function renderFindings({ result, source, args, io, displayRoot, repoRoot }: RenderInput): Promise<string> {
  switch (args.format) {
    case "json":
      return formatJson(result);
    case "sarif":
      return formatSarif(result, io.rules, { toolVersion: packageVersion(io.packageRoot ?? findPackageRoot()), ...(repoRoot !== undefined ? { srcRoot: repoRoot } : {}) });
    case "github":
      return formatGithub(result);
    case "markdown": // only `djperf explain` takes it (checked in args)
    case "text":
      return formatText(result, { sources: await findingSources(source, result), color: useColor(args, io), ...(displayRoot !== undefined ? { root: displayRoot } : {}) });
  }
}

/** `root` as seen from `cwd` ("" when they are the same), so printed paths open from the user's shell. */
export async function displayRootOf(cwd: string, root: string): Promise<string> {
  // Compared in canonical form: `root` comes from realpath or git, which resolve symlinks.
  const from = await realpath(cwd).catch(() => cwd);
  return relative(from, root).split(sep).join("/");
}

/**
 * One stderr line saying which Python files were left out and why (default excludes by group,
 * paths.exclude), so a wrong path in CI or an over-eager exclude is visible. Empty when none were.
 */
export function excludedLine(result: AnalysisResult): string {
  const excluded = Object.entries(result.stats.excluded ?? {});
  if (excluded.length === 0) return "";
  const total = excluded.reduce((n, [, c]) => n + c, 0);
  const parts = excluded.map(([reason, n]) => `${n} ${reason}`).join(", ");
  const hint = excluded.some(([reason]) => reason !== "paths.exclude" && reason !== "not in paths.include") ? "; `paths.default_excludes: false` analyses the default ones" : "";
  return `djperf: ${total} Python file${total === 1 ? "" : "s"} not analysed (${parts})${hint}\n`;
}

/**
 * A warning when no Python file was analysed, with the reason, so that a wrong path in CI or an
 * exclude that matches everything does not pass as a clean run. Empty when something was analysed.
 * @param where what was looked at, for the message ("under backend", "in the change").
 */
export function nothingAnalysedLine(result: AnalysisResult, where: string): string {
  if (result.stats.files > 0) return "";
  const excluded = Object.values(result.stats.excluded ?? {}).reduce((n, c) => n + c, 0);
  const skipped = result.stats.skipped ?? 0;
  if (excluded === 0 && skipped === 0) return `djperf: warning: no Python files ${where}; nothing was analysed (is the path right?)\n`;
  const reasons = [
    ...(excluded > 0 ? [`${excluded} excluded (see above)`] : []),
    ...(skipped > 0 ? [`${skipped} not readable as source (see the skipped diagnostics)`] : []),
  ];
  return `djperf: warning: nothing was analysed: of the Python files ${where}, ${reasons.join(" and ")}\n`;
}

/** 1 when a printed finding blocks (any finding with --strict), else 0. */
export function exitCodeOf(result: AnalysisResult, strict: boolean): number {
  if (strict) return result.findings.length > 0 ? 1 : 0;
  return result.findings.some((f) => f.level === "block") ? 1 : 0;
}

/** Texts of the files with findings, for code snippets; read again rather than kept for every file. */
async function findingSources(source: RepoSource, result: AnalysisResult): Promise<Map<string, string>> {
  const paths = [...new Set(result.findings.map((f) => f.path))];
  const sources = new Map<string, string>();
  if (paths.length === 0) return sources;
  for (const [path, content] of await source.readFiles(paths)) {
    if (!content.ok) continue;
    // No size limit here: the file was analysed, so it was within the limit.
    const decoded = decodeSource(content.bytes, Number.MAX_SAFE_INTEGER);
    if (decoded.ok) sources.set(path, decoded.text);
  }
  return sources;
}

/** --color / --no-color win; otherwise colour on a terminal unless NO_COLOR is set (no-color.org). */
export function useColor(args: CliArgs, io: CliIo): boolean {
  if (args.color !== undefined) return args.color;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdoutIsTTY;
}

/** Runs shorter than this finish before a progress line would help. */
const PROGRESS_AFTER_MS = 1000;

/**
 * A `(done, total)` callback that keeps one self-overwriting line on a terminal's stderr once the run
 * has taken a while; `finish` erases it so the report starts on a clean line.
 */
export function progressLine(io: CliIo): { onProgress: (done: number, total: number) => void; finish: () => void } {
  const started = io.now();
  let shown = false;
  return {
    onProgress: (done, total) => {
      if (!io.stderrIsTTY || done >= total || io.now() - started < PROGRESS_AFTER_MS) return;
      io.stderr(`\r\x1b[Kdjperf: analysing ${done}/${total} files`);
      shown = true;
    },
    finish: () => {
      if (shown) io.stderr("\r\x1b[K");
      shown = false;
    },
  };
}
