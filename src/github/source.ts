/**
 * RepoSource over one commit of a GitHub repository (DESIGN §1): the file list from one recursive git
 * tree call, contents through batched GraphQL `object(expression: "<sha>:<path>")` lookups (100 per
 * query), each blob cached by sha. Reads go through the installation of the base repository, so the
 * head commit of a fork's pull request is readable as well.
 */
import type { ChangedFile, FileContent, RepoSource } from "../pipeline/ports.js";
import type { Diagnostic } from "../analysis/finding.js";
import { BlobCache } from "./blob-cache.js";
import type { GitHubGateway, RepoRef } from "./gateway.js";
import { BLOBS_PER_QUERY, MAX_TREE_CALLS, PULL_FILES_CAP, TREE_WALK_CONCURRENCY } from "./limits.js";
import type { GraphBlob, TreeEntry } from "./schemas.js";

export interface GitHubSourceOptions {
  /** Shared between runs; a private one per source when absent. */
  cache?: BlobCache;
  /** Blobs over this size are not downloaded (the run's analysis.max_file_bytes). */
  maxFileBytes?: number;
}

/** Directories never analysed nor indexed: a truncated tree walk does not descend into them. */
const NEVER_WALKED = new Set(["node_modules", ".git", ".venv", "venv", "site-packages", "__pycache__", ".tox", ".nox"]);

export class GitHubSource implements RepoSource {
  /** What the listing could not do (a tree too large to list whole); shown in the check run. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly cache: BlobCache;
  private entries: Promise<Map<string, TreeEntry>> | undefined;

  constructor(
    private readonly gateway: GitHubGateway,
    readonly ref: RepoRef,
    /** Full sha of the commit read (the pull request's head). */
    readonly commit: string,
    private readonly options: GitHubSourceOptions = {},
  ) {
    this.cache = options.cache ?? new BlobCache();
  }

  async listFiles(): Promise<string[]> {
    return [...(await this.tree()).keys()];
  }

  async fileSizes(paths: readonly string[]): Promise<Map<string, number>> {
    const tree = await this.tree();
    const sizes = new Map<string, number>();
    for (const path of paths) {
      const size = tree.get(path)?.size;
      if (size !== undefined) sizes.set(path, size);
    }
    return sizes;
  }

  /**
   * Git blob ids from the tree listing the review reads anyway (no further request): the findings
   * cache's key stands for the files by them, so a review of inputs seen before downloads nothing.
   * Only files readFiles would download (regular blobs within the size limit).
   */
  async blobIds(paths: readonly string[]): Promise<Map<string, string>> {
    const tree = await this.tree();
    const ids = new Map<string, string>();
    for (const path of paths) {
      const entry = tree.get(path);
      if (entry !== undefined && this.unreadableReason(entry) === undefined) ids.set(path, entry.sha);
    }
    return ids;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    const tree = await this.tree();
    const result = new Map<string, FileContent>();
    const wanted = new Map<string, { path: string; size: number }>(); // by blob sha: one download per content
    const pathsOf = new Map<string, string[]>();
    for (const path of paths) {
      const entry = tree.get(path);
      const reason = entry === undefined ? `skipped: not in commit ${this.commit.slice(0, 12)}` : this.unreadableReason(entry);
      if (reason !== undefined) {
        result.set(path, { ok: false, reason });
        continue;
      }
      const cached = this.cache.get(entry!.sha);
      if (cached !== undefined) {
        result.set(path, cached);
        continue;
      }
      if (!wanted.has(entry!.sha)) wanted.set(entry!.sha, { path, size: entry!.size ?? 0 });
      pathsOf.set(entry!.sha, [...(pathsOf.get(entry!.sha) ?? []), path]);
    }
    const fetched = await this.download([...wanted]);
    for (const [sha, content] of fetched) for (const path of pathsOf.get(sha) ?? []) result.set(path, content);
    return result;
  }

  /** The pull request's changed files (patches, renames, removals); a diagnostic when GitHub's cap hid some. */
  async changedFiles(pr: number): Promise<{ files: ChangedFile[]; diagnostics: Diagnostic[] }> {
    const { files, capped } = await this.gateway.listPullFiles(this.ref, pr);
    const changed = files.map(
      (f): ChangedFile => ({
        path: f.filename,
        ...(f.previous_filename !== undefined ? { previousPath: f.previous_filename } : {}),
        status: f.status,
        ...(f.patch !== undefined ? { patch: f.patch } : {}),
      }),
    );
    const diagnostics: Diagnostic[] = capped
      ? [{ kind: "skipped", message: `GitHub lists only the first ${PULL_FILES_CAP.toLocaleString("en-US")} files of a pull request; files after those were not checked (run \`djperf diff\` locally for the whole change)` }]
      : [];
    return { files: changed, diagnostics };
  }

  private unreadableReason(entry: TreeEntry): string | undefined {
    if (entry.mode === "120000") return "skipped: symlink";
    if (entry.type === "commit") return "skipped: submodule";
    if (entry.type !== "blob") return `skipped: not a file (${entry.type})`;
    const max = this.options.maxFileBytes;
    if (max !== undefined && (entry.size ?? 0) > max) return `skipped: ${entry.size} bytes is over the ${max} byte limit (analysis.max_file_bytes)`;
    return undefined;
  }

  /** GraphQL first (100 per query); REST `getBlob` for text GitHub would not inline. */
  private async download(wanted: readonly [string, { path: string; size: number }][]): Promise<Map<string, FileContent>> {
    const out = new Map<string, FileContent>();
    const viaRest: string[] = [];
    for (let i = 0; i < wanted.length; i += BLOBS_PER_QUERY) {
      const batch = wanted.slice(i, i + BLOBS_PER_QUERY);
      const blobs = await this.gateway.getBlobsByExpression(this.ref, batch.map(([, { path }]) => `${this.commit}:${path}`));
      batch.forEach(([sha], k) => {
        const content = this.contentOf(blobs[k] ?? null);
        if (content === "needs-rest") viaRest.push(sha);
        else this.remember(out, sha, content);
      });
    }
    for (const sha of viaRest) this.remember(out, sha, { ok: true, bytes: await this.gateway.getBlob(this.ref, sha) });
    return out;
  }

  private contentOf(blob: GraphBlob): FileContent | "needs-rest" {
    if (blob === null || blob.oid === undefined) return { ok: false, reason: `skipped: not a file at ${this.commit.slice(0, 12)}` };
    if (blob.isBinary === true) return { ok: false, reason: "skipped: binary file" };
    const max = this.options.maxFileBytes;
    if (max !== undefined && blob.byteSize !== undefined && blob.byteSize > max) {
      return { ok: false, reason: `skipped: ${blob.byteSize} bytes is over the ${max} byte limit (analysis.max_file_bytes)` };
    }
    if (typeof blob.text === "string" && blob.isTruncated !== true) return { ok: true, bytes: new TextEncoder().encode(blob.text) };
    return "needs-rest";
  }

  private remember(out: Map<string, FileContent>, sha: string, content: FileContent): void {
    out.set(sha, content);
    // Size-limit answers depend on the repository's config, not on the content: not cached.
    if (content.ok || content.reason === "skipped: binary file") this.cache.set(sha, content);
  }

  private tree(): Promise<Map<string, TreeEntry>> {
    this.entries ??= this.readTree();
    return this.entries;
  }

  private async readTree(): Promise<Map<string, TreeEntry>> {
    const whole = await this.gateway.getTree(this.ref, this.commit, true);
    if (!whole.truncated) return filesOf(whole.tree, "");
    return this.walkTree();
  }

  /**
   * A tree too large for one recursive listing: list the root flat, then each subtree recursively,
   * falling back to a flat listing (and deeper subtrees) only where a subtree is itself truncated.
   * That costs a call per top-level directory instead of one per directory.
   */
  private async walkTree(): Promise<Map<string, TreeEntry>> {
    const files = new Map<string, TreeEntry>();
    let pending: { sha: string; prefix: string; recursive: boolean }[] = [{ sha: this.commit, prefix: "", recursive: false }];
    let calls = 1;
    while (pending.length > 0) {
      if (calls >= MAX_TREE_CALLS) {
        this.diagnostics.push({ kind: "skipped", message: `the repository tree is too large to list in ${MAX_TREE_CALLS} calls; ${pending.length} directories were not read, so the project index may be incomplete` });
        break;
      }
      const wave = pending.slice(0, TREE_WALK_CONCURRENCY);
      pending = pending.slice(TREE_WALK_CONCURRENCY);
      calls += wave.length;
      const trees = await Promise.all(wave.map((t) => this.gateway.getTree(this.ref, t.sha, t.recursive)));
      trees.forEach((tree, k) => {
        const { sha, prefix, recursive } = wave[k]!;
        if (recursive && tree.truncated) {
          pending.push({ sha, prefix, recursive: false });
          return;
        }
        for (const [path, entry] of filesOf(tree.tree, prefix)) files.set(path, entry);
        if (recursive) return;
        for (const entry of tree.tree) {
          if (entry.type === "tree" && !NEVER_WALKED.has(entry.path)) pending.push({ sha: entry.sha, prefix: `${prefix}${entry.path}/`, recursive: true });
        }
      });
    }
    return files;
  }
}

/** Files (blobs, symlinks, submodules) of a listing, keyed by repository path. */
function filesOf(entries: readonly TreeEntry[], prefix: string): Map<string, TreeEntry> {
  const files = new Map<string, TreeEntry>();
  for (const entry of entries) if (entry.type !== "tree") files.set(`${prefix}${entry.path}`, entry);
  return files;
}
