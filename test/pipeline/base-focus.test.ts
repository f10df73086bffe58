/**
 * The merge base of a change is analysed only where it can show that a blamed finding existed before
 * (src/diff/base-focus.ts): counted by the base paths and rules that ran, and checked against the second
 * cut over every changed file at the base (what runChangeAnalysis did before), which must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFiles, commitRemoval, git, initRepo, removeTempDir } from "../helpers/git.js";
import { GitRepository } from "../../src/git/repository.js";
import { GitSource } from "../../src/git/git-source.js";
import { runChangeAnalysis, type ChangeAnalysis } from "../../src/pipeline/run-change.js";
import { runAnalysis } from "../../src/pipeline/run-analysis.js";
import { blameByBase } from "../../src/diff/blame.js";
import { changesFromFiles } from "../../src/diff/parse.js";
import { filterByDiff } from "../../src/diff/filter.js";
import { ModuleFactsCache } from "../../src/analysis/index/facts-cache.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { RULES } from "../../rules/index.js";

const MODELS = [
  "from django.db import models",
  "",
  "",
  "class Kennel(models.Model):",
  "    name = models.CharField(max_length=50)",
  "",
  "",
  "class Puppy(models.Model):",
  "    kennel = models.ForeignKey(Kennel, on_delete=models.CASCADE)",
  "",
].join("\n");
const IMPORT = "from shelter.models import Puppy\n";
/** A function whose loop walks a foreign key per row: one finding, its identity from the function's name. */
const walk = (name: string, expression = "p.kennel.name"): string => `\n\ndef ${name}():\n    return [${expression} for p in Puppy.objects.all()]\n`;
const quiet = (name: string): string => `\n\ndef ${name}():\n    return Puppy.objects.count()\n`;

let repo: string;
let repository: GitRepository;
const at: Record<string, string> = {};

beforeAll(async () => {
  repo = initRepo({
    "manage.py": "",
    "shelter/__init__.py": "",
    "shelter/models.py": MODELS,
    "shelter/walked.py": IMPORT + walk("names"),
    "shelter/grows.py": IMPORT + quiet("total"),
    "shelter/shrinks.py": IMPORT + quiet("total") + quiet("spare") + walk("labels"),
  });
  at.base = git(repo, "rev-parse", "HEAD").trim();
  // An old finding touched; one file only gains lines, one only loses lines; nothing new.
  at.touched = commitFiles(repo, { "shelter/walked.py": IMPORT + walk("names", "p.kennel.name.upper()"), "shelter/grows.py": IMPORT + quiet("total") + quiet("more"), "shelter/shrinks.py": IMPORT + quiet("total") + walk("labels") }, "touch");
  // A function moved from shrinks.py into a new file; grows.py only gains lines.
  git(repo, "checkout", "--quiet", "-b", "moved", at.base);
  commitFiles(repo, { "shelter/moved.py": IMPORT + walk("labels"), "shelter/shrinks.py": IMPORT + quiet("total") + quiet("spare"), "shelter/grows.py": IMPORT + quiet("total") + quiet("more") }, "move labels");
  at.moved = git(repo, "rev-parse", "HEAD").trim();
  // A new finding in a file that only gains lines; shrinks.py loses a line it had.
  git(repo, "checkout", "--quiet", "-b", "fresh", at.base);
  at.fresh = commitFiles(repo, { "shelter/grows.py": IMPORT + quiet("total") + walk("owners"), "shelter/shrinks.py": IMPORT + quiet("total") + walk("labels") }, "new loop");
  // A removed file whose loop reappears in a new one.
  git(repo, "checkout", "--quiet", "-b", "removed", at.base);
  // Larger than the old module and mostly other code, so git sees a removal and an addition, not a rename.
  const others = Array.from({ length: 12 }, (_, i) => `\n\ndef exists_${i}():\n    return Puppy.objects.filter(id=${i}).exists()\n`).join("");
  commitFiles(repo, { "shelter/relocated.py": IMPORT + walk("labels") + others }, "relocate");
  at.removed = commitRemoval(repo, ["shelter/shrinks.py"], "remove the old module");
  repository = await GitRepository.open(repo);
});
afterAll(() => removeTempDir(repo));

async function diff(head: string): Promise<ChangeAnalysis> {
  const changed = await repository.changedFiles(at.base!, head);
  return runChangeAnalysis({
    head: new GitSource(repository, head),
    base: new GitSource(repository, at.base!),
    changed,
    targets: changed.filter((f) => f.status !== "removed").map((f) => f.path),
    config: DEFAULT_CONFIG,
    rules: RULES,
    factsCache: new ModuleFactsCache(),
  });
}

/** The second cut as it was before the focus: every changed file that existed at the base, every rule. */
async function everyFileAtBase(head: string): Promise<(string | undefined)[]> {
  const changed = await repository.changedFiles(at.base!, head);
  const targets = changed.filter((f) => f.status !== "removed").map((f) => f.path);
  const headRun = await runAnalysis({ source: new GitSource(repository, head), targets, config: DEFAULT_CONFIG, rules: RULES, change: true, factsCache: new ModuleFactsCache() });
  const changes = changesFromFiles(changed);
  const placed = filterByDiff(headRun.findings, changes, "all").inScope;
  const basePaths = changed.filter((f) => f.status !== "added").map((f) => f.previousPath ?? f.path);
  const baseRun = await runAnalysis({ source: new GitSource(repository, at.base!), targets: basePaths, config: DEFAULT_CONFIG, rules: RULES, change: true, factsCache: new ModuleFactsCache() });
  const compared = new Set(changed.filter((f) => f.status !== "removed").map((f) => f.path));
  return blameByBase(placed, { findings: baseRun.findings, comparedPaths: compared }, changes).map((f) => `${f.path} ${f.ruleId} ${f.diff}`);
}

const summary = (result: ChangeAnalysis): string[] => result.findings.map((f) => `${f.path} ${f.ruleId} ${f.diff}`);
const rulesOf = (result: ChangeAnalysis, path: string): string[] => [...new Set(result.findings.filter((f) => f.path === path).map((f) => f.ruleId))].sort();

describe("the merge base is analysed only where it can show a blamed finding existed", () => {
  it("an old finding touched: only its file at the base, with its rules; nothing else once it is matched", async () => {
    const result = await diff(at.touched!);
    expect(summary(result)).toContain(`shelter/walked.py ${rulesOf(result, "shelter/walked.py")[0]} existing`);
    expect(result.base?.paths).toEqual(["shelter/walked.py"]);
    expect(result.base?.rules).toEqual([rulesOf(result, "shelter/walked.py")]);
    expect(summary(result)).toEqual(await everyFileAtBase(at.touched!));
  });

  it("code moved out of a file into a new one: the file that lost lines, not the one that only gained lines", async () => {
    const result = await diff(at.moved!);
    const rules = rulesOf(result, "shelter/moved.py");
    expect(rules.length).toBeGreaterThan(0);
    expect(summary(result).filter((s) => s.startsWith("shelter/moved.py"))).toEqual(rules.map((r) => `shelter/moved.py ${r} existing`));
    expect(result.base?.paths).toEqual(["shelter/shrinks.py"]);
    expect(result.base?.rules).toEqual([rules]);
    expect(summary(result)).toEqual(await everyFileAtBase(at.moved!));
  });

  it("a new finding: its own file, then the files that lost lines, and it stays blamed", async () => {
    const result = await diff(at.fresh!);
    const rules = rulesOf(result, "shelter/grows.py");
    expect(summary(result).filter((s) => s.startsWith("shelter/grows.py"))).toEqual(rules.map((r) => `shelter/grows.py ${r} added`));
    expect(result.base?.paths).toEqual(["shelter/grows.py", "shelter/shrinks.py"]);
    expect(result.base?.rules).toEqual([rules, rules]);
    expect(summary(result)).toEqual(await everyFileAtBase(at.fresh!));
  });

  it("a removed file counts as one that lost lines", async () => {
    const result = await diff(at.removed!);
    const moved = summary(result).filter((s) => s.startsWith("shelter/relocated.py"));
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((s) => s.endsWith(" existing"))).toBe(true);
    expect(result.base?.paths).toEqual(["shelter/shrinks.py"]);
    expect(summary(result)).toEqual(await everyFileAtBase(at.removed!));
  });
});
