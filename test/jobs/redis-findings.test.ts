/**
 * The findings cache in the real Redis: with the facts kept in Redis the App keeps each review's
 * outcomes there too (src/jobs/worker.ts defaultFindingsStore), so the same review on another worker
 * (a re-run, a redelivery) reads every outcome back and reads no file.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commitFiles, git, initRepo, removeTempDir } from "../helpers/git.js";
import { GitRepository } from "../../src/git/repository.js";
import { GitSource } from "../../src/git/git-source.js";
import { runChangeAnalysis, type ChangeAnalysis } from "../../src/pipeline/run-change.js";
import { MemoryFactsStore, ModuleFactsCache } from "../../src/analysis/index/facts-cache.js";
import { RedisFactsStore } from "../../src/cache/redis-facts-store.js";
import { defaultFindingsStore } from "../../src/jobs/worker.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { RULES } from "../../rules/index.js";
import { deleteKeys, REDIS_URL, redisAvailable, uniquePrefix } from "../support/redis.js";

const MODELS = "from django.db import models\n\n\nclass Barn(models.Model):\n    name = models.CharField(max_length=20)\n\n\nclass Goat(models.Model):\n    barn = models.ForeignKey(Barn, on_delete=models.CASCADE)\n";
const FEED_BASE = "from farm.models import Goat\n\n\ndef feed():\n    return [g.barn.name for g in Goat.objects.all()]\n";
const FEED_HEAD = "from farm.models import Goat\n\n\ndef feed():\n    return [g.barn.name.title() for g in Goat.objects.all()]\n\n\ndef count():\n    return [g.barn.pk for g in Goat.objects.all()]\n";

let repo: string;
let repository: GitRepository;
let base: string;
let head: string;
let prefix: string;
const stores: RedisFactsStore[] = [];

beforeAll(async () => {
  repo = initRepo({ "manage.py": "", "farm/__init__.py": "", "farm/models.py": MODELS, "farm/feed.py": FEED_BASE });
  base = git(repo, "rev-parse", "HEAD").trim();
  head = commitFiles(repo, { "farm/feed.py": FEED_HEAD }, "feed");
  repository = await GitRepository.open(repo);
});
afterAll(() => removeTempDir(repo));
beforeEach(() => void (prefix = uniquePrefix()));
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  await deleteKeys(prefix);
});

/** One worker: its own Redis connection and its own facts cache in memory, the shared prefix. */
function worker(): RedisFactsStore {
  const store = new RedisFactsStore({ url: REDIS_URL, prefix, version: "1.0.0", codeDigest: "code" });
  stores.push(store);
  return store;
}

/** The review's analysis with `findings` as its findings store; counts the files its sources read. */
async function review(findings: RedisFactsStore): Promise<{ result: ChangeAnalysis; reads: number }> {
  let reads = 0;
  const counted = (source: GitSource): GitSource => {
    const read = source.readFiles.bind(source);
    return Object.assign(source, { readFiles: (paths: readonly string[]) => ((reads += paths.length), read(paths)) });
  };
  const changed = await repository.changedFiles(base, head);
  const result = await runChangeAnalysis({
    head: counted(new GitSource(repository, head)),
    base: counted(new GitSource(repository, base)),
    changed,
    targets: changed.map((f) => f.path),
    config: DEFAULT_CONFIG,
    rules: RULES,
    factsCache: new ModuleFactsCache(),
    findingsStore: findings,
  });
  return { result, reads };
}

const visible = (r: ChangeAnalysis) => r.findings.map((f) => ({ path: f.path, ruleId: f.ruleId, line: f.range.start.line, diff: f.diff, message: f.message }));

describe.skipIf(!redisAvailable)("the findings cache in Redis", () => {
  it("is the facts' Redis store when the facts are in Redis, else the process's memory", () => {
    const redis = worker();
    const memory = new MemoryFactsStore();
    expect(defaultFindingsStore(redis, () => memory)).toBe(redis);
    expect(defaultFindingsStore(new MemoryFactsStore(), () => memory)).toBe(memory);
    expect(defaultFindingsStore(undefined, () => memory)).toBe(memory);
  });

  it("a second worker reads the same review's outcomes back, head and merge base, reading no file", async () => {
    const first = await review(worker());
    expect(first.reads).toBeGreaterThan(0);
    expect(first.result.findings.some((f) => f.diff === "existing")).toBe(true);
    expect(first.result.findings.some((f) => f.diff === "added")).toBe(true);
    expect(stores[0]!.stats.writes).toBeGreaterThan(0);

    const second = await review(worker());
    expect(second.reads).toBe(0);
    expect(stores[1]!.stats).toMatchObject({ misses: 0, writes: 0 });
    expect(stores[1]!.stats.hits).toBe(stores[0]!.stats.writes);
    expect(visible(second.result)).toEqual(visible(first.result));
  });
});
