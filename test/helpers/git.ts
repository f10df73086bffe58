/**
 * Throwaway git repositories for tests: created in a temp folder, committed with a fixed identity and
 * no user or system git config, so results do not depend on the machine.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const IDENTITY = {
  GIT_AUTHOR_NAME: "djperf test",
  GIT_AUTHOR_EMAIL: "test@djperf.invalid",
  GIT_COMMITTER_NAME: "djperf test",
  GIT_COMMITTER_EMAIL: "test@djperf.invalid",
  GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
};

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...IDENTITY, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", LC_ALL: "C" };
  // A surrounding hook's GIT_DIR / GIT_INDEX_FILE would send these commands to the wrong repository.
  for (const name of Object.keys(env)) if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|PREFIX)$/.test(name)) delete env[name];
  return env;
}

/** Runs git in `dir` and returns its stdout; throws with git's stderr on failure. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args], {
    cwd: dir,
    env: gitEnvironment(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** A fresh temp folder (symlinks resolved, as git reports paths); remove it with `removeTempDir`. */
export function makeTempDir(prefix = "djperf-test-"): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export type FileSpec = string | Uint8Array | { symlinkTo: string };

/** Writes files (creating folders); a `{symlinkTo}` entry becomes a symbolic link. */
export function writeFiles(root: string, files: Record<string, FileSpec>): void {
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    rmSync(absolute, { force: true });
    if (typeof content === "object" && "symlinkTo" in content) symlinkSync(content.symlinkTo, absolute);
    else writeFileSync(absolute, content);
  }
}

/** `git init` on branch main in a new temp folder, with `files` committed when given. */
export function initRepo(files?: Record<string, FileSpec>): string {
  const dir = makeTempDir("djperf-repo-");
  git(dir, "init", "--quiet", "--initial-branch=main");
  if (files) commitFiles(dir, files, "initial");
  return dir;
}

/** Writes `files`, stages everything and commits; returns the new commit id. */
export function commitFiles(dir: string, files: Record<string, FileSpec>, message: string): string {
  writeFiles(dir, files);
  git(dir, "add", "--all");
  git(dir, "commit", "--quiet", "--allow-empty", "-m", message);
  return git(dir, "rev-parse", "HEAD").trim();
}

/** Removes tracked files and commits the removal. */
export function commitRemoval(dir: string, paths: string[], message: string): string {
  git(dir, "rm", "--quiet", ...paths);
  git(dir, "commit", "--quiet", "-m", message);
  return git(dir, "rev-parse", "HEAD").trim();
}

/** `git clone --bare` of `source` into a new temp folder; returns the bare repository's path. */
export function cloneBare(source: string): string {
  const target = makeTempDir("djperf-bare-"); // git clones into an existing folder when it is empty
  git(target, "clone", "--quiet", "--bare", source, target);
  return target;
}
