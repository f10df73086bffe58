/**
 * `npm run demo` end to end, in process: the real Probot app against the simulated GitHub. The app
 * must complete its check run and report exactly the findings demo/pr-change/change.ts lists, on
 * their lines: as inline comments when they may be (a rule out of preview, a level above info), as
 * check-run annotations otherwise. Run twice: with the rules as registered (what `npm run demo` shows)
 * and with every rule promoted to stable, so the review path meets GitHub's diff-line rules too.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnyRule } from "../../src/analysis/rule.js";
import { RULES } from "../../rules/index.js";
import { EXPECTED_FINDINGS, type ExpectedFinding } from "../../demo/pr-change/change.js";
import { renderHtmlReport } from "../../demo/render/report-html.js";
import { renderTerminalReport } from "../../demo/render/report-terminal.js";
import { createStyle } from "../../demo/render/terminal.js";
import { runDemo, type DemoResult } from "../../demo/run-demo.js";
import { REPO_ROOT } from "../../demo/shop-repo.js";

/** The 1-based line of the head file whose trimmed text is the expected one; fails loudly if absent. */
function lineOf(result: DemoResult, expected: ExpectedFinding): number {
  const source = result.sources.get(expected.path);
  expect(source, `no head source for ${expected.path}`).toBeDefined();
  const index = source!.split("\n").findIndex((l) => l.trim() === expected.line);
  expect(index, `"${expected.line}" not found in ${expected.path}`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

const ruleOfTitle = (title: unknown) => String(title).split(" ")[0];

/** What every run must show, whichever rules are in preview. */
function sharedExpectations(run: () => DemoResult, rules: readonly AnyRule[]) {
  it("completes the djperf check run without problems or rejected requests", () => {
    const result = run();
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.webhook?.status).toBe(200);
    expect(result.checkRun).toMatchObject({ name: "djperf", status: "completed", head_sha: result.pull.headSha });
    expect(["success", "failure", "neutral"]).toContain(result.checkRun!.conclusion);
  });

  it("reports exactly the expected findings on their lines, each once: inline or as an annotation", () => {
    const result = run();
    const status = new Map(rules.map((r) => [r.id, r.status]));
    const annotated = result.checkRun!.annotations.map((a) => {
      const ruleId = ruleOfTitle(a.title)!;
      // An annotation for a finding that could have been an inline comment means the review lost it.
      if (status.get(ruleId) !== "preview") expect(a.annotation_level, `${ruleId} ${String(a.path)} should be an inline comment`).toBe("notice");
      return `${ruleId} ${String(a.path)}:${String(a.start_line)}`;
    });
    const commented = result.reviews.flatMap((r) => r.comments).map((c) => {
      const ruleId = /<!-- djperf:(DJP\d{3}):/.exec(String(c.json.body))?.[1];
      expect(ruleId, `comment on ${c.path}:${c.line} has no djperf marker`).toBeDefined();
      expect(status.get(ruleId!), `${ruleId} is a preview rule: check run only`).not.toBe("preview");
      const expected = EXPECTED_FINDINGS.find((f) => f.ruleId === ruleId && f.path === c.path);
      expect(expected, `unexpected ${ruleId} comment on ${c.path}:${c.line}`).toBeDefined();
      const line = lineOf(result, expected!);
      expect(line).toBeGreaterThanOrEqual(c.startLine ?? c.line);
      expect(line).toBeLessThanOrEqual(c.line);
      return `${ruleId} ${c.path}:${line}`;
    });
    const expected = EXPECTED_FINDINGS.map((f) => `${f.ruleId} ${f.path}:${lineOf(result, f)}`);
    expect([...annotated, ...commented].sort()).toEqual(expected.sort());
    expect(result.reviews.length).toBe(commented.length > 0 ? 1 : 0);
    for (const review of result.reviews) expect(review.json.state).toMatch(/^(COMMENTED|CHANGES_REQUESTED)$/);
  });

  it("makes a bounded number of GitHub calls", () => {
    const result = run();
    const count = (route: string) => result.requests.filter((r) => r.route === route).length;
    expect(count("POST /app/installations/{installation_id}/access_tokens")).toBe(1);
    expect(count("POST /repos/{owner}/{repo}/check-runs")).toBe(1);
    expect(count("GET /repos/{owner}/{repo}/pulls/{pull_number}/files")).toBe(1);
    expect(count("POST /graphql")).toBe(1);
    expect(count("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews")).toBe(result.reviews.length);
    expect(result.requests.filter((r) => r.unhandled)).toEqual([]);
    // Pointed at a GitHub Enterprise-style base URL: REST under /api/v3, GraphQL at /api/graphql.
    for (const r of result.requests) expect(r.path).toMatch(r.route === "POST /graphql" ? /^\/api\/graphql$/ : /^\/api\/v3\//);
  });

  it("renders the result for the terminal and as a self-contained HTML page", () => {
    const result = run();
    const first = EXPECTED_FINDINGS[0]!;
    const text = renderTerminalReport(result, createStyle(false), 100);
    expect(text).toContain(`${first.path}:${lineOf(result, first)}`);
    expect(text).toContain(first.line);
    expect(text).toContain("Check run: djperf");
    expect(text).not.toContain("\u001b[");
    const html = renderHtmlReport(result);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link |src="http/i);
    expect(html).toContain(`${first.path}:${lineOf(result, first)}`);
  });
}

describe("the demo with the registered rules", () => {
  let result: DemoResult;
  beforeAll(async () => {
    result = await runDemo({ timeoutMs: 45_000 });
  }, 60_000);
  sharedExpectations(() => result, RULES);
});

describe("the demo with every rule out of preview", () => {
  const promoted: AnyRule[] = RULES.map((rule) => ({ ...rule, status: "stable" }));
  let result: DemoResult;
  beforeAll(async () => {
    result = await runDemo({ timeoutMs: 45_000, app: { rules: promoted } });
  }, 60_000);
  sharedExpectations(() => result, promoted);

  it("posts one review whose comments GitHub accepted, with a suggestion diff for the safe fix", () => {
    expect(result.reviews).toHaveLength(1);
    // Every warn or block finding is commented; only the info-level note stays in the check run.
    expect(result.reviews[0]!.comments).toHaveLength(EXPECTED_FINDINGS.length - result.checkRun!.annotations.length);
    expect(result.reviews[0]!.comments.length).toBeGreaterThan(0);
    const text = renderTerminalReport(result, createStyle(false), 120);
    expect(text).toContain("Suggested change:");
    expect(text).toMatch(/^ {6}- {5}orders = Order\.objects\.filter\(/m);
    expect(text).toMatch(/^ {6}\+ {5}orders = Order\.objects\.select_related\("customer"\)\.filter\(/m);
  });
});

describe("when the app fails", () => {
  it("reports an app that crashes before creating its check run", async () => {
    const crash = await runDemo({ timeoutMs: 20_000, app: { runReview: () => Promise.reject(new Error("simulated crash")) } });
    expect(crash.checkRun).toBeUndefined();
    expect(crash.problems).toContain("the app created no djperf check run and has nothing left to do");
    expect(crash.problems.some((p) => p.includes("simulated crash"))).toBe(true);
  }, 60_000);

  it("stops waiting at the timeout and aborts the job that is still running", async () => {
    const waitForAbort = (_job: unknown, deps: { signal?: AbortSignal }) =>
      new Promise<never>((_, reject) => deps.signal?.addEventListener("abort", () => reject(deps.signal!.reason as Error)));
    const stuck = await runDemo({ timeoutMs: 1_000, app: { runReview: waitForAbort } });
    expect(stuck.problems[0]).toBe("the app created no djperf check run within 1 s");
  }, 60_000);
});

describe("npm run demo", () => {
  it("prints the result, writes the HTML page and exits 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "djperf-demo-cli-"));
    try {
      const html = join(dir, "out.html");
      const run = spawnSync(process.execPath, ["--import", "tsx", "demo/run.ts", "--no-color", "--html", html], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
      expect(run.stderr).toContain("delivered pull_request.opened");
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain("━━ Check run: djperf");
      expect(run.stdout).toContain("✔ Demo complete");
      expect(readFileSync(html, "utf8")).toContain("Check run <code>djperf</code>");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
