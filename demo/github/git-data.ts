/**
 * What the simulated GitHub knows about a repository, read from a real git repository: commits, trees,
 * blobs, objects at `rev:path`, and pull-request files diffed from the merge base (three dots), with
 * patches shaped like GitHub's. Every answer about an immutable object is cached.
 */
import { spawn } from "node:child_process";
import { readBlobs } from "../../src/git/cat-file.js";
import { GitRepository } from "../../src/git/repository.js";
import { gitEnv, gitText, runGit } from "../../src/git/run-git.js";
import type { ChangedFile } from "../../src/pipeline/ports.js";

export interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  /** Blobs only. */
  size?: number;
}

export interface GitObjectInfo {
  oid: string;
  type: "blob" | "tree" | "commit" | "tag";
  size: number;
}

export interface PullFile extends ChangedFile {
  /** Blob id on the head side (the base side for a removed file). */
  sha: string;
  additions: number;
  deletions: number;
}

export class GitData {
  private readonly cache = new Map<string, Promise<unknown>>();

  private constructor(
    readonly dir: string,
    private readonly repository: GitRepository,
  ) {}

  static async open(dir: string): Promise<GitData> {
    return new GitData(dir, await GitRepository.open(dir));
  }

  /** The commit a ref or sha names, or undefined. Refs move, so only full shas are cached. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (!/^[\w./-]+$/.test(ref) || ref.startsWith("-")) return undefined;
    const load = () => this.repository.resolveCommit(ref).catch(() => undefined);
    return /^[0-9a-f]{40}$/.test(ref) ? this.cached(`commit:${ref}`, load) : load();
  }

  /** The tree a commit, tree or ref names, with its entries (recursive: every level, trees included). */
  tree(treeish: string, recursive: boolean): Promise<{ sha: string; entries: TreeEntry[] } | undefined> {
    return this.cached(`tree:${treeish}:${recursive}`, async () => {
      const sha = await this.revParse(`${treeish}^{tree}`);
      if (!sha) return undefined;
      const flags = recursive ? ["-r", "-t"] : [];
      const out = await gitText(this.dir, ["ls-tree", ...flags, "-l", "-z", "--full-tree", sha]);
      return { sha, entries: parseLsTree(out) };
    });
  }

  /** `rev:path`, `sha` or any expression git understands, answered in one `cat-file --batch-check`. */
  objects(expressions: readonly string[]): Promise<Map<string, GitObjectInfo>> {
    return batchCheck(this.dir, expressions);
  }

  async blobs(oids: readonly string[]): Promise<Map<string, Uint8Array>> {
    const result = new Map<string, Uint8Array>();
    const missing: string[] = [];
    for (const oid of oids) {
      const hit = this.cache.get(`blob:${oid}`);
      if (hit) result.set(oid, (await hit) as Uint8Array);
      else missing.push(oid);
    }
    const read = await readBlobs(this.dir, missing);
    for (const [oid, bytes] of read) {
      this.cache.set(`blob:${oid}`, Promise.resolve(bytes));
      result.set(oid, bytes);
    }
    return result;
  }

  async blob(oid: string): Promise<Uint8Array | undefined> {
    if (!/^[0-9a-f]{40}$/.test(oid)) return undefined;
    const info = (await this.objects([oid])).get(oid);
    if (info?.type !== "blob") return undefined;
    return (await this.blobs([oid])).get(oid);
  }

  mergeBase(base: string, head: string): Promise<string> {
    return this.cached(`merge-base:${base}:${head}`, () => this.repository.mergeBase(base, head));
  }

  /** The commits a pull request from base to head contains (oldest first), as `git rev-list base..head`. */
  commitsBetween(base: string, head: string): Promise<string[]> {
    return this.cached(`commits:${base}:${head}`, async () => {
      const out = await gitText(this.dir, ["rev-list", "--reverse", `${base}..${head}`]);
      return out.split("\n").filter((l) => l.length > 0);
    });
  }

  async commitMessage(sha: string): Promise<string> {
    return this.cached(`message:${sha}`, async () => (await gitText(this.dir, ["log", "-1", "--format=%B", sha])).trim());
  }

  /** The files of `base...head` as GitHub's pulls.listFiles lists them. */
  pullFiles(base: string, head: string): Promise<PullFile[]> {
    return this.cached(`files:${base}:${head}`, async () => {
      const from = await this.mergeBase(base, head);
      const [changed, headTree, baseTree] = await Promise.all([
        this.repository.changedFiles(base, head),
        this.tree(head, true),
        this.tree(from, true),
      ]);
      const shaOf = (entries: TreeEntry[] | undefined, path: string) => entries?.find((e) => e.path === path)?.sha ?? "";
      return changed.map((file) => {
        const side = file.status === "removed" ? baseTree?.entries : headTree?.entries;
        return { ...file, sha: shaOf(side, file.path), ...countLines(file.patch) };
      });
    });
  }

  /** The complete `git diff base...head` text, for the `application/vnd.github.diff` media type. */
  pullDiff(base: string, head: string): Promise<string> {
    return this.cached(`diff:${base}:${head}`, async () => {
      const from = await this.mergeBase(base, head);
      return gitText(this.dir, ["diff", "--no-color", "--no-ext-diff", "--find-renames", "--src-prefix=a/", "--dst-prefix=b/", from, head]);
    });
  }

  private async revParse(expression: string): Promise<string | undefined> {
    const result = await runGit(this.dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", expression]);
    const sha = result.stdout.toString("utf8").trim();
    return result.code === 0 && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      this.cache.set(key, hit);
      hit.catch(() => this.cache.delete(key));
    }
    return hit;
  }
}

function countLines(patch: string | undefined): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of (patch ?? "").split("\n")) {
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  return { additions, deletions };
}

/** `git ls-tree -l -z`: `<mode> <type> <oid> <size>\t<path>\0`, size `-` for trees and submodules. */
function parseLsTree(out: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.split("\0")) {
    const tab = record.indexOf("\t");
    if (tab === -1) continue;
    const [mode = "", type = "", sha = "", size = "-"] = record.slice(0, tab).split(/ +/);
    const entry: TreeEntry = { path: record.slice(tab + 1), mode, type: type as TreeEntry["type"], sha };
    if (type === "blob") entry.size = Number(size);
    entries.push(entry);
  }
  return entries;
}

/**
 * `git cat-file --batch-check`: one line in (`rev:path` or an id), `<oid> <type> <size>` or
 * `<input> missing` out, in order. Expressions with a line break cannot be asked and count as missing.
 */
function batchCheck(dir: string, expressions: readonly string[]): Promise<Map<string, GitObjectInfo>> {
  const asked = [...new Set(expressions)].filter((e) => e.length > 0 && !/[\r\n]/.test(e));
  if (asked.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", dir, "cat-file", "--batch-check"], { env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`git cat-file --batch-check failed: ${stderr.trim()}`));
      const result = new Map<string, GitObjectInfo>();
      const lines = stdout.split("\n");
      asked.forEach((expression, i) => {
        const [oid = "", type = "", size = ""] = (lines[i] ?? "").split(" ");
        if (/^[0-9a-f]{40}$/.test(oid) && type !== "missing") result.set(expression, { oid, type: type as GitObjectInfo["type"], size: Number(size) });
      });
      resolve(result);
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(asked.join("\n") + "\n");
  });
}
