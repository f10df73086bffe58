/**
 * Runs one rule folder the way users meet the rule: its fixture (and README examples) analysed inside
 * the folder's mini project with the real index, facts and engine. Compares findings with the Semgrep-style
 * annotations and describes every mismatch as `path:line`.
 */
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyRule } from "../../src/analysis/rule.js";
import type { Finding } from "../../src/analysis/finding.js";
import type { SourceText } from "../../src/analysis/source-file.js";
import { buildProjectIndex, type ExtraIndexSources } from "../../src/analysis/index/build.js";
import { createDjangoFacts } from "../../src/analysis/django/facts.js";
import { analyseFile } from "../../src/analysis/engine.js";
import { collectTableSizes } from "../../src/analysis/django/table-size.js";
import { parseFile } from "../../src/pipeline/run-analysis.js";
import { DEFAULT_CONFIG, type DjperfConfig } from "../../src/config/schema.js";
import { parseConfigText } from "../../src/config/load.js";
import { applyEdits } from "../../src/report/apply-fix.js";
import { firstPythonBlock, parseRuleDoc } from "../../src/report/rule-docs.js";
import { isDependencyFile } from "../../src/analysis/index/versions.js";

export const RULES_DIR = join(import.meta.dirname, "..", "..", "rules");
export const DEFAULT_FIXTURE_PATH = "app/fixture.py";

export function ruleFolders(): string[] {
  return readdirSync(RULES_DIR)
    .filter((name) => /^DJP\d{3}-[a-z0-9-]+$/.test(name) && statSync(join(RULES_DIR, name)).isDirectory())
    .sort();
}

export async function loadRule(folder: string): Promise<AnyRule> {
  const mod = (await import(pathToFileURL(join(RULES_DIR, folder, "rule.ts")).href)) as { default: AnyRule };
  return mod.default;
}

/**
 * Every `.py` (and requirements file) under `project/`, with paths relative to it. A variant `fixture.<name>.py` whose case
 * needs project-wide settings of its own (an upload handler in `FILE_UPLOAD_HANDLERS`) runs in
 * `project.<name>/` when that folder exists.
 */
export function projectSources(folder: string, fixtureName?: string): SourceText[] {
  const variant = fixtureName === undefined ? undefined : /^fixture\.([a-z0-9-]+)\.py$/.exec(fixtureName)?.[1];
  const own = variant === undefined ? undefined : join(RULES_DIR, folder, `project.${variant}`);
  const root = own !== undefined && existsSync(own) ? own : join(RULES_DIR, folder, "project");
  if (!existsSync(root)) return [];
  const out: SourceText[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".py") || isDependencyFile(name)) out.push({ path: relative(root, full).split("\\").join("/"), text: readFileSync(full, "utf8") });
    }
  };
  walk(root);
  return out;
}

/**
 * The rule's fixtures: `fixture.py`, plus variants `fixture.<name>.py` (not `fixture.fixed.py`) for
 * rules whose cases cannot share one file (settings audits: one value per setting per module). Each
 * is analysed on its own, at its own `fixture-path`, inside the same project.
 */
export function fixtureFiles(folder: string): string[] {
  const dir = join(RULES_DIR, folder);
  const variants = readdirSync(dir)
    .filter((name) => /^fixture\.[a-z0-9-]+\.py$/.test(name) && name !== "fixture.fixed.py")
    .sort();
  return ["fixture.py", ...variants].filter((name) => existsSync(join(dir, name)));
}

export function fixturePathOf(text: string): string {
  const first = text.split("\n", 1)[0] ?? "";
  const m = /^#\s*fixture-path:\s*(\S+)/.exec(first);
  return m?.[1] ?? DEFAULT_FIXTURE_PATH;
}

/** Analyses `text` at `path` with one rule, inside the given project. */
/** The folder's `project/djperf.yml` (project-wide keys such as `reference_models`), or the defaults. */
export function projectConfig(folder: string): DjperfConfig {
  const file = join(RULES_DIR, folder, "project", "djperf.yml");
  if (!existsSync(file)) return DEFAULT_CONFIG;
  const loaded = parseConfigText(readFileSync(file, "utf8"));
  if (loaded.problems.length > 0) throw new Error(`${file}: ${loaded.problems.map((p) => p.message).join("; ")}`);
  return loaded.config;
}

export async function runRuleOn(
  rule: AnyRule,
  path: string,
  text: string,
  project: SourceText[],
  config: DjperfConfig = DEFAULT_CONFIG,
  /** What a pull request adds to the index build (`added`, `changed` paths); none for a whole-repository check. */
  change: Pick<ExtraIndexSources, "added" | "changed"> = {},
): Promise<Finding[]> {
  const sources = [...project.filter((s) => s.path !== path), { path, text }];
  // The mini project is the whole repository (DJP402 may say "invalidated nowhere").
  const index = await buildProjectIndex(sources, { wholeRepository: true, ...change });
  const file = parseFile(path, text);
  // The table sizes the project shows, read from the same sources as a whole-repository run reads them.
  const sizes = collectTableSizes(sources, index);
  const result = analyseFile({ file, index, django: createDjangoFacts(file, index), rules: [rule], config, sizes });
  const crash = result.diagnostics.find((d) => d.kind === "rule-crash");
  if (crash) throw new Error(crash.message);
  return result.findings;
}

export type AnnotationKind = "ruleid" | "ok" | "todoruleid" | "todook";

export interface Annotation {
  kind: AnnotationKind;
  /** Line of the comment. */
  line: number;
  /** The code line it refers to. */
  target: number;
}

// The ids, then any reason: a reason may start with a capital letter ("ShipmentManager joins …"); an
// earlier pattern that stopped the ids at the first non-capital dropped such annotations unseen.
const ANNOTATION_RE = /^#\s*(ruleid|ok|todoruleid|todook)\s*:\s*(DJP\d{3}(?:,\s?DJP\d{3})*)(?:\s+.*)?$/;

/** Annotations for `ruleId` in a fixture. They are comments: only whole-line comments count. */
export function annotationsOf(text: string, ruleId: string): Annotation[] {
  const lines = text.split("\n");
  const out: Annotation[] = [];
  lines.forEach((raw, i) => {
    const m = ANNOTATION_RE.exec(raw.trim());
    if (!m) return;
    const ids = (m[2] ?? "").split(",").map((s) => s.trim());
    if (!ids.includes(ruleId)) return;
    let target = i + 1;
    while (target < lines.length) {
      const t = (lines[target] ?? "").trim();
      if (t !== "" && !t.startsWith("#")) break;
      target++;
    }
    out.push({ kind: m[1] as AnnotationKind, line: i + 1, target: target + 1 });
  });
  return out;
}

export interface FixtureReport {
  missing: string[];
  noisy: string[];
  /** todoruleid lines that now fire, todook lines that no longer fire: promote them. */
  stale: string[];
  counts: Record<AnnotationKind, number>;
}

export function compareWithAnnotations(displayPath: string, text: string, ruleId: string, findings: Finding[]): FixtureReport {
  const annotations = annotationsOf(text, ruleId);
  const firing = new Set(findings.filter((f) => f.ruleId === ruleId).map((f) => f.range.start.line));
  const byTarget = new Map<number, AnnotationKind>();
  for (const a of annotations) byTarget.set(a.target, a.kind);
  const report: FixtureReport = { missing: [], noisy: [], stale: [], counts: { ruleid: 0, ok: 0, todoruleid: 0, todook: 0 } };
  for (const a of annotations) {
    report.counts[a.kind]++;
    const fired = firing.has(a.target);
    const where = `${displayPath}:${a.target}`;
    if (a.kind === "ruleid" && !fired) report.missing.push(where);
    if (a.kind === "ok" && fired) report.noisy.push(where);
    if (a.kind === "todoruleid" && fired) report.stale.push(`${where} fires now: make it "ruleid"`);
    if (a.kind === "todook" && !fired) report.stale.push(`${where} is quiet now: make it "ok"`);
  }
  for (const line of firing) {
    const kind = byTarget.get(line);
    if (kind !== "ruleid" && kind !== "todook" && kind !== "ok" && kind !== "todoruleid") report.noisy.push(`${displayPath}:${line}`);
  }
  report.noisy.sort();
  return report;
}

/** The fixture with every safe fix of this rule applied. */
export function applySafeFixes(text: string, ruleId: string, findings: Finding[]): string {
  const edits = findings.filter((f) => f.ruleId === ruleId && f.fix?.safety === "safe").flatMap((f) => f.fix!.edits);
  return applyEdits(text, edits).text;
}

/** The first ```python block under a `## Heading` of a README (the same parser `djperf explain` uses). */
export function codeBlockUnder(readme: string, heading: string): string | undefined {
  return firstPythonBlock(parseRuleDoc(readme).sections.find((s) => s.heading === heading)?.body);
}
