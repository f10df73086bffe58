/**
 * A formatter-only pull request on real code (issue: accuracy, "PR-mode precision"): reformats every
 * Python file of a commit that has djperf findings with Ruff's formatter (wasm build, line length 79,
 * single quotes: unlike most projects' own style, so most lines change), commits that as a pull request
 * in a scratch repository that borrows the mirror's objects, and runs `djperf diff` on it.
 *   npx tsx scripts/formatter-pr.ts --repo GITDIR [--ref HEAD] [--cli bin/djperf.js] [--max-files 40]
 * Prints the files reformatted, the lines changed, and what djperf diff reported (expected: nothing).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";

const { values } = parseArgs({ options: { repo: { type: "string" }, ref: { type: "string", default: "HEAD" }, cli: { type: "string", default: "bin/djperf.js" }, "max-files": { type: "string", default: "40" } } });
if (!values.repo) throw new Error("usage: npx tsx scripts/formatter-pr.ts --repo GITDIR [--ref REF] [--cli PATH]");
const mirror = resolve(values.repo);
const git = (dir: string, ...args: string[]): string => execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });

/** The djperf CLI; exit 1 (a blocking finding) is an answer, not a failure. */
function runCli(args: string[]): { stdout: string; code: number } {
  try {
    return { stdout: execFileSync("node", [values.cli!, ...args], { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] }), code: 0 };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    if (e.status !== 1) throw error;
    return { stdout: e.stdout, code: 1 };
  }
}

const scratch = mkdtempSync(join(tmpdir(), "djperf-format-"));
const work = join(scratch, "work");
try {
  execFileSync("git", ["init", "-q", "--bare", scratch + "/repo.git"]);
  const bare = join(scratch, "repo.git");
  mkdirSync(join(bare, "objects", "info"), { recursive: true });
  writeFileSync(join(bare, "objects", "info", "alternates"), `${join(mirror, "objects")}\n`);
  const base = git(mirror, "rev-parse", `${values.ref}^{commit}`).trim();
  // Which files have findings at base: a whole-tree check through djperf diff against the empty tree is
  // not possible, so ask djperf check on an extracted tree instead.
  mkdirSync(work, { recursive: true });
  execFileSync("sh", ["-c", `git --git-dir="${mirror}" archive ${base} | tar -x -C "${work}"`], { stdio: "ignore" });
  const check = JSON.parse(runCli(["check", work, "--format", "json"]).stdout) as { findings: { path: string }[] };
  const withFindings = [...new Set(check.findings.map((f) => f.path))].slice(0, Number(values["max-files"]));
  const ruff = new Workspace({ "line-length": 79, format: { "quote-style": "single" } }, PositionEncoding.Utf16);
  const index = join(scratch, "index");
  const env = { ...process.env, GIT_INDEX_FILE: index, GIT_AUTHOR_NAME: "fmt", GIT_AUTHOR_EMAIL: "fmt@invalid", GIT_COMMITTER_NAME: "fmt", GIT_COMMITTER_EMAIL: "fmt@invalid" };
  execFileSync("git", ["--git-dir", bare, "read-tree", base], { env });
  let changed = 0;
  for (const path of withFindings) {
    const text = git(mirror, "show", `${base}:${path}`);
    let out: string;
    try {
      out = ruff.format(text);
    } catch {
      continue; // Ruff cannot format this file (syntax it does not accept): leave it unchanged.
    }
    if (out === text) continue;
    const blob = execFileSync("git", ["--git-dir", bare, "hash-object", "-w", "--stdin"], { input: out, encoding: "utf8" }).trim();
    execFileSync("git", ["--git-dir", bare, "update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { env });
    changed++;
  }
  const tree = execFileSync("git", ["--git-dir", bare, "write-tree"], { env, encoding: "utf8" }).trim();
  const head = execFileSync("git", ["--git-dir", bare, "commit-tree", tree, "-p", base, "-m", "ruff format"], { env, encoding: "utf8" }).trim();
  const stat = execFileSync("git", ["--git-dir", bare, "diff", "--shortstat", base, head], { encoding: "utf8" }).trim();
  const { stdout: report, code } = runCli(["diff", "--repo", bare, "--base", base, "--head", head, "--format", "json"]);
  const findings = (JSON.parse(report) as { findings: { rule: string; path: string; line: number; level: string }[] }).findings;
  console.log(JSON.stringify({ repo: values.repo, base, filesWithFindings: withFindings.length, reformatted: changed, diff: stat, exit: code, findings }));
} finally {
  rmSync(scratch, { recursive: true, force: true });
  void dirname;
}
