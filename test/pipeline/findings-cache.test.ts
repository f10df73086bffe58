/**
 * The findings cache of a change's analysis: a run with the same inputs reads each file's outcome back
 * (no analysis), and a change to any file the analysis reads, even one that is not analysed, is a miss.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, removeTempDir } from "../helpers/git.js";
import { GitRepository } from "../../src/git/repository.js";
import { GitSource } from "../../src/git/git-source.js";
import { runChangeAnalysis, type ChangeAnalysis } from "../../src/pipeline/run-change.js";
import { runAnalysis } from "../../src/pipeline/run-analysis.js";
import { FsSource } from "../../src/cli/fs-source.js";
import { MemoryFactsStore, ModuleFactsCache, type FactsEntry, type FactsKey } from "../../src/analysis/index/facts-cache.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { RULES } from "../../rules/index.js";

const models = (customer: string): string =>
  [
    "from django.db import models",
    "",
    "",
    "class Customer(models.Model):",
    "    name = models.CharField(max_length=50)",
    "",
    "",
    "class Order(models.Model):",
    `    customer = ${customer}`,
    "",
  ].join("\n");
const FOREIGN_KEY = "models.ForeignKey(Customer, on_delete=models.CASCADE)";
const PLAIN_TEXT = "models.CharField(max_length=50)";
const VIEWS_BASE = "from shop.models import Order\n\n\ndef names():\n    return []\n";
const VIEWS_HEAD = "from shop.models import Order\n\n\ndef names():\n    return [o.customer.name for o in Order.objects.all()]\n";

/** A MemoryFactsStore that counts the findings entries it answered and was given. */
class CountingStore extends MemoryFactsStore {
  answered = 0;
  written = 0;
  override getMany(keys: readonly FactsKey[]): unknown[] {
    const values = super.getMany(keys);
    this.answered += values.filter((v, i) => v !== undefined && keys[i]!.kind.startsWith("findings")).length;
    return values;
  }
  override setMany(entries: readonly FactsEntry[]): void {
    this.written += entries.filter((e) => e.key.kind.startsWith("findings")).length;
    super.setMany(entries);
  }
}

let repo: string;
let repository: GitRepository;
const commits: Record<string, string> = {};

beforeAll(async () => {
  repo = initRepo({ "manage.py": "", "shop/__init__.py": "", "shop/models.py": models(FOREIGN_KEY), "shop/views.py": VIEWS_BASE });
  commits.base = git(repo, "rev-parse", "HEAD").trim();
  commits.head = commitFiles(repo, { "shop/views.py": VIEWS_HEAD }, "names in a loop");
  // The same change to views.py (same blobs on both sides) on a base where `customer` is plain text.
  git(repo, "checkout", "--quiet", "-b", "plain", commits.base);
  commits.plainBase = commitFiles(repo, { "shop/models.py": models(PLAIN_TEXT) }, "customer as text");
  commits.plainHead = commitFiles(repo, { "shop/views.py": VIEWS_HEAD }, "names in a loop");
  repository = await GitRepository.open(repo);
});
afterAll(() => removeTempDir(repo));

async function diff(base: string, head: string, store?: CountingStore): Promise<ChangeAnalysis> {
  const changed = await repository.changedFiles(base, head);
  return runChangeAnalysis({
    head: new GitSource(repository, head),
    base: new GitSource(repository, base),
    changed,
    targets: changed.map((f) => f.path),
    config: DEFAULT_CONFIG,
    rules: RULES,
    // A facts cache of its own, so no run borrows index facts from another.
    factsCache: new ModuleFactsCache(),
    ...(store ? { findingsStore: store } : {}),
  });
}

/** The parts of a result a user sees (the run time apart). */
function shown(result: ChangeAnalysis): unknown {
  return { findings: result.findings, diagnostics: result.diagnostics, stats: { ...result.stats, ms: 0 }, coverage: result.coverage };
}

describe("the findings cache of a change", () => {
  it("reads a second run's outcomes back, identical to an analysis without the cache", async () => {
    const store = new CountingStore();
    const uncached = await diff(commits.base!, commits.head!);
    expect(uncached.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.start.line}`)).toContain("DJP101 shop/views.py:5");
    const first = await diff(commits.base!, commits.head!, store);
    expect(store.answered).toBe(0);
    expect(store.written).toBeGreaterThan(0);
    const second = await diff(commits.base!, commits.head!, store);
    expect(store.answered).toBeGreaterThan(0);
    expect(shown(first)).toEqual(shown(uncached));
    expect(shown(second)).toEqual(shown(uncached));
  });

  it("misses when a file that is read but not analysed changes (the model behind a finding)", async () => {
    const store = new CountingStore();
    await diff(commits.base!, commits.head!, store);
    const answered = store.answered;
    // views.py has the same blob at head and base as before; only models.py differs.
    const plain = await diff(commits.plainBase!, commits.plainHead!, store);
    expect(store.answered).toBe(answered);
    expect(plain.findings.filter((f) => f.ruleId === "DJP101")).toEqual([]);
    expect(shown(plain)).toEqual(shown(await diff(commits.plainBase!, commits.plainHead!)));
  });

  it("keys a source without blob ids (a work tree) by the bytes it reads", async () => {
    const store = new CountingStore();
    const run = (): ReturnType<typeof runAnalysis> =>
      runAnalysis({ source: new FsSource(repo), targets: ["shop/views.py"], config: DEFAULT_CONFIG, rules: RULES, factsCache: new ModuleFactsCache(), findingsStore: store });
    const first = await run();
    const second = await run();
    expect(store.answered).toBeGreaterThan(0);
    expect({ ...second.stats, ms: 0 }).toEqual({ ...first.stats, ms: 0 });
    expect(second.findings).toEqual(first.findings);
  });
});
