/**
 * RepoSource over one commit of a local or bare repository. Files come from the commit's tree and blobs
 * (`git ls-tree`, `git cat-file --batch`), never from the work tree, so uncommitted edits are invisible
 * and bare clones work.
 */
import type { FileContent, RepoSource } from "../pipeline/ports.js";
import { readBlobs } from "./cat-file.js";
import { GitRepository } from "./repository.js";
import { gitText } from "./run-git.js";

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number;
}

/**
 * Blobs above this are never loaded: the analysis limit (analysis.max_file_bytes) is far lower, and a
 * stray multi-gigabyte file must not exhaust memory before that limit gets to say so.
 */
export const MAX_BLOB_BYTES = 64 * 1024 * 1024;

export class GitSource implements RepoSource {
  private entries: Promise<Map<string, TreeEntry>> | undefined;

  constructor(
    readonly repository: GitRepository,
    /** Full commit id. */
    readonly commit: string,
  ) {}

  /** Opens `dir` and resolves `ref` (branch, tag, sha, `HEAD~2`) to a commit. */
  static async open(dir: string, ref: string): Promise<GitSource> {
    const repository = await GitRepository.open(dir);
    return new GitSource(repository, await repository.resolveCommit(ref));
  }

  async listFiles(): Promise<string[]> {
    return [...(await this.tree()).keys()];
  }

  async fileSizes(paths: readonly string[]): Promise<Map<string, number>> {
    const tree = await this.tree();
    const sizes = new Map<string, number>();
    for (const path of paths) {
      const entry = tree.get(path);
      if (entry !== undefined) sizes.set(path, entry.size);
    }
    return sizes;
  }

  async blobIds(paths: readonly string[]): Promise<Map<string, string>> {
    const tree = await this.tree();
    const ids = new Map<string, string>();
    for (const path of paths) {
      const entry = tree.get(path);
      if (entry !== undefined && unreadableReason(entry) === undefined) ids.set(path, entry.oid);
    }
    return ids;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    const tree = await this.tree();
    const result = new Map<string, FileContent>();
    const wanted = new Map<string, string>();
    for (const path of paths) {
      const entry = tree.get(path);
      const reason = entry ? unreadableReason(entry) : `skipped: not in commit ${this.commit.slice(0, 12)}`;
      if (reason) result.set(path, { ok: false, reason });
      else wanted.set(path, entry!.oid);
    }
    const blobs = await readBlobs(this.repository.dir, [...wanted.values()]);
    for (const [path, oid] of wanted) {
      const bytes = blobs.get(oid);
      result.set(path, bytes ? { ok: true, bytes } : { ok: false, reason: `skipped: blob ${oid.slice(0, 12)} is missing from the repository` });
    }
    return result;
  }

  private tree(): Promise<Map<string, TreeEntry>> {
    this.entries ??= this.readTree();
    return this.entries;
  }

  /** `git ls-tree -r -l -z`: `<mode> <type> <oid> <size>\t<path>\0`, size `-` for submodules. */
  private async readTree(): Promise<Map<string, TreeEntry>> {
    const out = await gitText(this.repository.dir, ["ls-tree", "-r", "-l", "-z", "--full-tree", this.commit]);
    const entries = new Map<string, TreeEntry>();
    for (const record of out.split("\0")) {
      const tab = record.indexOf("\t");
      if (tab === -1) continue;
      const [mode = "", type = "", oid = "", size = ""] = record.slice(0, tab).split(/ +/);
      entries.set(record.slice(tab + 1), { mode, type, oid, size: size === "-" ? 0 : Number(size) });
    }
    return entries;
  }
}

function unreadableReason(entry: TreeEntry): string | undefined {
  if (entry.mode === "120000") return "skipped: symlink";
  if (entry.type === "commit") return "skipped: submodule";
  if (entry.type !== "blob") return `skipped: not a file (${entry.type})`;
  if (entry.size > MAX_BLOB_BYTES) return `skipped: ${(entry.size / (1024 * 1024)).toFixed(1)} MB is too large to read`;
  return undefined;
}
