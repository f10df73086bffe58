/**
 * The App's caches across reviews (issue 11, item 3), with the real Probot app and GitHub played by
 * nock: the second review of the same commit (a re-run check) reads every file's outcome back from
 * the findings cache, keyed by the blob shas of the tree listing it fetches anyway, so it builds no
 * index, parses nothing and downloads no blob; a push that changes one file misses the findings cache
 * and indexes again from the facts cache, parsing only the changed file. Counted, never timed.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { readRuntimeConfig } from "../../src/runtime-config.js";
import { MemoryFactsStore, type FactsEntry, type FactsKey, type FactsStore } from "../../src/analysis/index/facts-cache.js";
import { GitHubMock } from "./support/github-mock.js";
import { deliver, loadApp, payload } from "./support/app.js";
import { mockReviewRun, newFilePatch } from "./support/pull-request-repo.js";
import { APP_OPTIONS, orderReportPullRequest, VIEWS } from "./support/scenarios.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SYNC_SHA = "c0ffee0000000000000000000000000000000abc";
const VIEWS_PUSHED = `${VIEWS}

def totals(request):
    return [order.total for order in Order.objects.all()]
`;

/** A memory store that records, per review, which keys it answered and which it was handed. */
class RecordingStore implements FactsStore {
  readonly memory = new MemoryFactsStore(1_000, 1 << 20);
  hits: FactsKey[] = [];
  misses: FactsKey[] = [];
  writes: FactsKey[] = [];
  getMany(keys: readonly FactsKey[]): unknown[] {
    const values = this.memory.getMany(keys);
    keys.forEach((key, i) => (values[i] === undefined ? this.misses : this.hits).push(key));
    return values;
  }
  setMany(entries: readonly FactsEntry[]): void {
    this.writes.push(...entries.map((e) => e.key));
    this.memory.setMany(entries);
  }
  reset(): void {
    this.hits = [];
    this.misses = [];
    this.writes = [];
  }
}

let gh: GitHubMock;
beforeEach(() => {
  gh = new GitHubMock();
});
afterEach(() => {
  gh.release();
});

const paths = (keys: readonly FactsKey[]): string[] => [...new Set(keys.map((k) => k.path))].sort();
const completion = (): Json => gh.requests.find((r) => r.method === "PATCH" && (r.body as Json).status === "completed")!.body as Json;
const requests = (): string[] => gh.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);

/** The next review's GitHub: the last one's unused lenient mocks would answer its requests. */
function nextReview(): void {
  gh.release();
  gh = new GitHubMock();
  // Probot keeps the installation token; the config is read per review.
  gh.config(undefined);
}

it("a re-run review of the same commit reads every outcome from the findings cache; a push that changes a file parses only that file", async () => {
  const facts = new RecordingStore();
  const findings = new RecordingStore();
  gh.installationToken().config(undefined);
  mockReviewRun(gh, orderReportPullRequest());
  const { probot, queue } = await loadApp({ ...APP_OPTIONS, facts, findings });

  // First review: nothing cached. Every outcome is computed and kept; the index facts too.
  await deliver(probot, "pull_request", payload("pull_request.opened"), "d-1");
  await queue.idle();
  expect(findings.hits).toEqual([]);
  expect(findings.misses.length).toBeGreaterThan(0);
  expect(paths(findings.writes)).toEqual(["", "shop/views.py"]);
  expect(facts.hits).toEqual([]);
  expect(paths(facts.misses)).toContain("shop/models.py");
  const first = completion();
  expect(first.output.annotations.length).toBeGreaterThan(0);

  // The same commit again (the check's "Re-run"): the tree is listed again, nothing else is read.
  facts.reset();
  findings.reset();
  nextReview();
  gh.on("GET", "/repos/acme/shop/pulls/7", { status: 200, body: payload<Json>("pull_request.opened").pull_request });
  mockReviewRun(gh, { ...orderReportPullRequest(), upTo: 1 });
  await deliver(probot, "check_run", payload("check_run.rerequested"), "d-2");
  await queue.idle();
  expect(findings.misses).toEqual([]);
  expect(paths(findings.hits)).toEqual(["", "shop/views.py"]);
  expect(findings.writes).toEqual([]);
  // No index was built: the facts store was not even asked.
  expect(facts.hits).toEqual([]);
  expect(facts.misses).toEqual([]);
  expect(requests().filter((r) => r.includes("/git/trees/"))).toHaveLength(1);
  expect(requests().filter((r) => r === "POST /graphql")).toEqual([]);
  const second = completion();
  expect(second.conclusion).toBe(first.conclusion);
  expect(second.output.annotations).toEqual(first.output.annotations);

  // A push that changes views.py: a new blob, so every findings key misses; the index reads models.py's facts from the cache.
  facts.reset();
  findings.reset();
  nextReview();
  const pushed = orderReportPullRequest({
    headSha: SYNC_SHA,
    files: { ...orderReportPullRequest().files, "shop/views.py": VIEWS_PUSHED },
    changed: [{ filename: "shop/views.py", status: "added", patch: newFilePatch(VIEWS_PUSHED) }],
    upTo: 1,
  });
  mockReviewRun(gh, pushed);
  await deliver(probot, "pull_request", payload("pull_request.synchronize"), "d-3");
  await queue.idle();
  expect(paths(findings.misses)).toEqual(["", "shop/views.py"]);
  // Nothing else is asked: the merge base is not analysed (views.py is new, no changed file existed there).
  expect(findings.hits).toEqual([]);
  expect(findings.writes.filter((k) => k.kind === "findings").map((k) => k.path)).toEqual(["shop/views.py"]);
  expect(paths(facts.hits)).toContain("shop/models.py");
  // Parsed for its facts: only the file the push changed.
  expect(paths(facts.misses)).toEqual(["shop/views.py"]);
  expect(paths(facts.writes)).toEqual(["shop/views.py"]);
  // One blob downloaded: the changed file's (models.py's came with the first review).
  expect(requests().filter((r) => r === "POST /graphql")).toHaveLength(1);
  const third = completion();
  expect(third.output.annotations.length).toBeGreaterThan(first.output.annotations.length);
  expect(gh.unmatched).toEqual([]);
});

it("the memory cache's bounds come from DJPERF_MEMORY_CACHE_ENTRIES and DJPERF_MEMORY_CACHE_BYTES", () => {
  expect(readRuntimeConfig({}).memoryCache).toEqual({});
  expect(readRuntimeConfig({ DJPERF_MEMORY_CACHE_ENTRIES: "500", DJPERF_MEMORY_CACHE_BYTES: "1048576" }).memoryCache).toEqual({ maxEntries: 500, maxBytes: 1_048_576 });
  expect(() => readRuntimeConfig({ DJPERF_MEMORY_CACHE_BYTES: "-1" })).toThrow(/positive integer/);
});
