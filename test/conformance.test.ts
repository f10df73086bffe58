/**
 * Every rule folder is complete and agrees with itself: rule.ts, README.md (front matter, title,
 * sections), fixture.py (enough annotations), fixture.fixed.py (parses), the registry in rules/index.ts,
 * and the shop demo in examples/shop flags exactly the lines it marks. Failures name the folder (or
 * file:line) and what is wrong, so an unfinished rule says what it still lacks.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import type { AnyRule } from "../src/analysis/rule.js";
import { parsePython, syntaxErrorLines } from "../src/analysis/parser.js";
import { parseRuleDoc, RULE_DOC_SECTIONS, sectionProblems } from "../src/report/rule-docs.js";
import { runAnalysis } from "../src/pipeline/run-analysis.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { FsSource } from "../src/cli/fs-source.js";
import { annotationsOf, fixtureFiles, loadRule, RULES_DIR } from "./helpers/fixture-runner.js";

const ROOT = join(import.meta.dirname, "..");
const FOLDER_RE = /^DJP\d{3}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Front matter keys that must equal the rule's meta. */
const FRONT_MATTER_KEYS = ["id", "name", "level", "status", "fix"] as const;
const MIN_ANNOTATIONS = 5;

/** Every folder under rules/ starting with DJP, misnamed ones included, so they fail instead of hiding. */
function ruleFolderNames(): string[] {
  return readdirSync(RULES_DIR)
    .filter((name) => name.startsWith("DJP") && statSync(join(RULES_DIR, name)).isDirectory())
    .sort();
}

const folders = ruleFolderNames();

async function folderProblems(folder: string): Promise<string[]> {
  const dir = join(RULES_DIR, folder);
  const at = (file: string): string => `rules/${folder}/${file}`;
  const problems: string[] = [];
  if (!FOLDER_RE.test(folder)) problems.push(`rules/${folder}: folder name must be <ID>-<kebab-name>, e.g. DJP101-lazy-relation-in-loop`);

  if (!existsSync(join(dir, "rule.ts"))) return [...problems, `${at("rule.ts")}: missing`];
  let rule: AnyRule | undefined;
  try {
    rule = await loadRule(folder);
  } catch (error) {
    return [...problems, `${at("rule.ts")}: cannot be imported (${error instanceof Error ? error.message : String(error)})`];
  }
  if (!rule || typeof rule !== "object") return [...problems, `${at("rule.ts")}: no default export (export default defineRule({...}))`];
  if (`${rule.id}-${rule.name}` !== folder) problems.push(`${at("rule.ts")}: id/name "${rule.id}-${rule.name}" do not match the folder name`);
  if (!rule.summary?.trim()) problems.push(`${at("rule.ts")}: summary is empty`);
  const messages = Object.entries(rule.messages ?? {});
  if (messages.length === 0) problems.push(`${at("rule.ts")}: messages has no template`);
  for (const [id, template] of messages) {
    if (typeof template !== "string" || template.trim() === "") problems.push(`${at("rule.ts")}: message "${id}" is empty`);
  }
  const registered = RULES.find((r) => r.id === rule.id);
  if (!registered) problems.push(`rules/index.ts: ${rule.id} is not registered in RULES`);
  else if (registered.name !== rule.name) problems.push(`rules/index.ts: RULES has ${rule.id} as "${registered.name}", the folder's rule.ts says "${rule.name}"`);

  problems.push(...readmeProblems(dir, at, rule));
  problems.push(...fixtureProblems(dir, at, rule.id));
  return problems;
}

function readmeProblems(dir: string, at: (file: string) => string, rule: AnyRule): string[] {
  const path = join(dir, "README.md");
  if (!existsSync(path)) return [`${at("README.md")}: missing`];
  const doc = parseRuleDoc(readFileSync(path, "utf8"));
  const problems: string[] = [];
  if (doc.frontMatterError) problems.push(`${at("README.md")}: ${doc.frontMatterError}`);
  for (const key of FRONT_MATTER_KEYS) {
    const expected = String(rule[key]);
    const actual = doc.frontMatter[key];
    if (actual === undefined) problems.push(`${at("README.md")}: front matter lacks "${key}: ${expected}"`);
    else if (actual !== expected) problems.push(`${at("README.md")}: front matter ${key} is "${actual}", rule.ts says "${expected}"`);
  }
  const title = `${rule.id} · ${rule.name}`;
  if (doc.title !== title) problems.push(`${at("README.md")}: title must be "# ${title}"${doc.title === undefined ? "" : `, found "# ${doc.title}"`}`);
  const headings = doc.sections.map((s) => s.heading);
  if (headings.join("\n") !== RULE_DOC_SECTIONS.join("\n")) {
    const details = sectionProblems(doc);
    problems.push(
      ...(details.length > 0 ? details : [`headings are ${JSON.stringify(headings)}`]).map((p) => `${at("README.md")}: ${p}`),
    );
  }
  return problems;
}

function fixtureProblems(dir: string, at: (file: string) => string, ruleId: string): string[] {
  const problems: string[] = [];
  const fixture = join(dir, "fixture.py");
  if (!existsSync(fixture)) problems.push(`${at("fixture.py")}: missing`);
  else {
    // fixture.py and its variants (fixture.<name>.py) together.
    const annotations = fixtureFiles(basename(dir)).flatMap((name) => annotationsOf(readFileSync(join(dir, name), "utf8"), ruleId));
    for (const kind of ["ruleid", "ok"] as const) {
      const count = annotations.filter((a) => a.kind === kind).length;
      if (count < MIN_ANNOTATIONS) problems.push(`${at("fixture.py")}: ${count} "# ${kind}: ${ruleId}" annotations, at least ${MIN_ANNOTATIONS} needed`);
    }
  }
  const fixed = join(dir, "fixture.fixed.py");
  if (existsSync(fixed)) {
    const errors = syntaxErrorLines(parsePython(readFileSync(fixed, "utf8")));
    if (errors.length > 0) problems.push(`${at("fixture.fixed.py")}: syntax errors at lines ${errors.join(", ")}`);
  }
  return problems;
}

describe("rule folders", () => {
  it("exist", () => {
    expect(existsSync(RULES_DIR)).toBe(true);
  });

  it.each(folders)("%s is complete and consistent", async (folder) => {
    expect(await folderProblems(folder)).toEqual([]);
  });
});

describe("rules/index.ts", () => {
  it("has a folder rules/<ID>-<name>/rule.ts for every entry", () => {
    const missing = RULES.filter((r) => !existsSync(join(RULES_DIR, `${r.id}-${r.name}`, "rule.ts"))).map(
      (r) => `rules/${r.id}-${r.name}/rule.ts`,
    );
    expect(missing).toEqual([]);
  });

  it("lists every rule folder", () => {
    const registered = new Set(RULES.map((r) => `${r.id}-${r.name}`));
    expect(folders.filter((f) => !registered.has(f)).map((f) => `rules/${f}: not listed in RULES`)).toEqual([]);
  });

  it("has unique ids, sorted", () => {
    const ids = RULES.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), "duplicate ids").toEqual([]);
    expect(ids, "RULES must be sorted by id").toEqual([...ids].sort());
  });
});

/**
 * Developer machines and CI keep the catalogue (RULES.md) in a `shared/` folder beside the repository;
 * a user's clone has none, and then this check is skipped.
 */
const CATALOGUE = join(ROOT, "..", "shared", "RULES.md");

describe.skipIf(!existsSync(CATALOGUE))("catalogue (../shared/RULES.md)", () => {
  it("names every implemented rule with the same name and default level", () => {
    const rows = catalogueRows(readFileSync(CATALOGUE, "utf8"));
    const problems: string[] = [];
    for (const rule of RULES) {
      const row = rows.get(rule.id);
      if (!row) problems.push(`${rule.id}: no row in RULES.md`);
      else {
        if (row.name !== rule.name) problems.push(`${rule.id}: RULES.md names it "${row.name}", rule.ts "${rule.name}"`);
        if (row.level !== rule.level) problems.push(`${rule.id}: RULES.md default level is "${row.level}", rule.ts "${rule.level}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Catalogue table rows: `| ID | name | enforces | pattern | needs · level ... | ...`. */
function catalogueRows(markdown: string): Map<string, { name: string; level: string | undefined }> {
  const rows = new Map<string, { name: string; level: string | undefined }>();
  for (const line of markdown.split("\n")) {
    if (!/^\|\s*DJP\d{3}\s*\|/.test(line)) continue;
    // Cells are split on pipes that are not escaped (`a \| b` inside a pattern cell).
    const cells = line.split(/(?<!\\)\|/).slice(1).map((c) => c.trim());
    const [id, name, , , needsLevel] = cells;
    if (!id || !name) continue;
    rows.set(id, { name, level: /·\s*(block|warn|info)\b/.exec(needsLevel ?? "")?.[1] });
  }
  return rows;
}

const SHOP = join(ROOT, "examples", "shop");
const DEMO_MARKER_RE = /^#\s*djperf-demo:\s*(DJP\d{3}(?:\s*,\s*DJP\d{3})*)\s*$/;

/**
 * `# djperf-demo: DJP101` comments (real comment nodes, alone on their line) and the code line each
 * one points at: the next line that is neither blank nor a comment.
 */
function demoMarkers(path: string, text: string): { ruleId: string; where: string }[] {
  const lines = text.split("\n");
  const out: { ruleId: string; where: string }[] = [];
  const tree = parsePython(text);
  for (const comment of tree.rootNode.descendantsOfType("comment")) {
    const m = DEMO_MARKER_RE.exec(comment.text);
    const row = comment.startPosition.row;
    if (!m || (lines[row] ?? "").trim() !== comment.text.trim()) continue;
    let target = row + 1;
    while (target < lines.length && ((lines[target] ?? "").trim() === "" || (lines[target] ?? "").trim().startsWith("#"))) target++;
    for (const id of m[1]!.split(",")) out.push({ ruleId: id.trim(), where: `${path}:${target + 1}` });
  }
  return out;
}

/** Every demo marker of the shop, as `path:line ID`. */
async function shopMarkers(source: FsSource): Promise<{ ruleId: string; where: string }[]> {
  const paths = (await source.listFiles()).filter((p) => p.endsWith(".py"));
  const markers: { ruleId: string; where: string }[] = [];
  for (const [path, content] of await source.readFiles(paths)) {
    if (content.ok) markers.push(...demoMarkers(path, new TextDecoder().decode(content.bytes)));
  }
  return markers;
}

describe("examples/shop demo", () => {
  it("flags exactly the lines marked `# djperf-demo: <ID>`, for every registered rule", async () => {
    const source = new FsSource(SHOP);
    const registered = new Set(RULES.map((r) => r.id));
    const expected = (await shopMarkers(source)).filter((m) => registered.has(m.ruleId)).map((m) => `${m.where} ${m.ruleId}`);
    const result = await runAnalysis({ source, config: DEFAULT_CONFIG, rules: RULES });
    const actual = [...new Set(result.findings.map((f) => `${f.path}:${f.range.start.line} ${f.ruleId}`))];
    const problems = [
      ...result.diagnostics
        .filter((d) => d.kind === "rule-crash" || d.kind === "parse-error")
        .map((d) => `${d.kind}: ${d.path ?? ""} ${d.message}`),
      ...expected.filter((e) => !actual.includes(e)).map((e) => `marked but not flagged: ${e}`),
      ...actual.filter((a) => !expected.includes(a)).map((a) => `flagged but not marked: ${a}`),
    ].sort();
    expect(problems).toEqual([]);
  });

  it("shows every registered rule at least once", async () => {
    const marked = new Set((await shopMarkers(new FsSource(SHOP))).map((m) => m.ruleId));
    // Opt-in rules stay silent under the default config the demo runs with (their own fixtures show them firing).
    const unmarked = RULES.filter((r) => !marked.has(r.id) && r.optIn !== true).map(
      (r) => `${r.id}: add a deliberate violation to examples/shop, marked "# djperf-demo: ${r.id}"`,
    );
    expect(unmarked).toEqual([]);
  });
});
