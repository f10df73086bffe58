/**
 * Builds the demo's git repository in a temp folder: examples/shop committed on `main`, the pull
 * request branch from demo/pr-change on top, and one more commit on `main` after the branch point, so
 * the simulated GitHub has to diff from the merge base as GitHub does.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gitEnv } from "../src/git/run-git.js";
import { BASE_ADVANCE, PULL_REQUEST_CHANGE, type ChangeCommit, type FileEdit, type PullRequestChange } from "./pr-change/change.js";

const DEMO_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = dirname(DEMO_DIR);
const SHOP_DIR = join(REPO_ROOT, "examples", "shop");
const CHANGE_DIR = join(DEMO_DIR, "pr-change");

/** Files a developer's checkout may hold that were never part of the project. */
const JUNK = new Set(["__pycache__", ".DS_Store", ".pytest_cache", ".venv", "db.sqlite3"]);

export interface ShopRepository {
  dir: string;
  baseBranch: string;
  headBranch: string;
  change: PullRequestChange;
  remove(): void;
}

export async function buildShopRepository(change: PullRequestChange = PULL_REQUEST_CHANGE): Promise<ShopRepository> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "djperf-demo-repo-")));
  try {
    const clock = new CommitClock(Date.UTC(2024, 4, 6, 9, 0, 0));
    await git(dir, clock, "init", "--quiet", "--initial-branch=main");
    cpSync(SHOP_DIR, dir, { recursive: true, filter: (src) => !JUNK.has(basename(src)) && !src.endsWith(".pyc") });
    await commitAll(dir, clock, "Shop: catalog, orders, checkout, nightly import");
    await git(dir, clock, "checkout", "--quiet", "-b", change.branch);
    for (const commit of change.commits) await applyCommit(dir, clock, commit);
    await git(dir, clock, "checkout", "--quiet", "main");
    await applyCommit(dir, clock, BASE_ADVANCE);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    baseBranch: "main",
    headBranch: change.branch,
    change,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function applyCommit(dir: string, clock: CommitClock, commit: ChangeCommit): Promise<void> {
  for (const edit of commit.edits) applyEdit(dir, edit);
  await commitAll(dir, clock, commit.message);
}

function applyEdit(dir: string, edit: FileEdit): void {
  const target = join(dir, edit.path);
  switch (edit.kind) {
    case "copy":
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, readFileSync(join(CHANGE_DIR, "files", edit.path)));
      return;
    case "append":
      writeFileSync(target, readFileSync(target, "utf8") + readFileSync(join(CHANGE_DIR, "edits", edit.from), "utf8"));
      return;
    case "insert-after": {
      const text = readFileSync(target, "utf8");
      const at = text.indexOf(edit.anchor);
      if (at === -1) {
        throw new Error(`demo/pr-change: ${edit.path} no longer contains ${JSON.stringify(edit.anchor)}; update the edit in change.ts`);
      }
      const end = at + edit.anchor.length;
      writeFileSync(target, text.slice(0, end) + edit.text + text.slice(end));
      return;
    }
  }
}

async function commitAll(dir: string, clock: CommitClock, message: string): Promise<void> {
  await git(dir, clock, "add", "--all");
  await git(dir, clock, "commit", "--quiet", "--no-verify", "-m", message);
  clock.tick();
}

/** Commit dates an hour apart: the history reads like real work and the commit ids are reproducible. */
class CommitClock {
  constructor(private ms: number) {}
  get iso(): string {
    return new Date(this.ms).toISOString();
  }
  tick(): void {
    this.ms += 60 * 60 * 1000;
  }
}

/** git with a fixed identity and no user or system config (hooks, signing, templates stay out). */
function git(dir: string, clock: CommitClock, ...args: string[]): Promise<string> {
  const env = {
    ...gitEnv(),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "Mona Lisa",
    GIT_AUTHOR_EMAIL: "mona@shop.example",
    GIT_COMMITTER_NAME: "Mona Lisa",
    GIT_COMMITTER_EMAIL: "mona@shop.example",
    GIT_AUTHOR_DATE: clock.iso,
    GIT_COMMITTER_DATE: clock.iso,
  };
  return new Promise((resolve, reject) => {
    execFile("git", ["-C", dir, "-c", "commit.gpgsign=false", ...args], { env, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args[0]} failed in the demo repository: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}
