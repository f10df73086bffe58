/**
 * The merge-base revision of a pull request, read from its head revision and its patches: unchanged
 * files are the head's, changed ones are rebuilt by reverse-applying their patch (src/diff/reverse-patch.ts),
 * added ones do not exist. A changed file without a usable patch cannot be read: its base is unknown.
 */
import type { ChangedFile, FileContent, RepoSource } from "./ports.js";
import { baseTextOf } from "../diff/reverse-patch.js";
import { blobShaOfBytes } from "../analysis/index/facts-cache.js";

export class PatchedBaseSource implements RepoSource {
  /** Base path → the changed file it became. */
  private readonly changedAtBase = new Map<string, ChangedFile>();
  /** Head paths that did not exist at the base. */
  private readonly addedAtHead = new Set<string>();
  /**
   * With a head that has blob ids (GitHub's tree): the head's for unchanged files, the id of the
   * rebuilt bytes for changed ones (only those few are read), so the findings cache of the base side
   * needs no other read either.
   */
  readonly blobIds?: (paths: readonly string[]) => Promise<Map<string, string>>;

  constructor(
    private readonly head: RepoSource,
    changed: readonly ChangedFile[],
  ) {
    for (const file of changed) {
      if (file.status === "added") this.addedAtHead.add(file.path);
      else if (file.status === "renamed" || file.status === "copied") {
        if (file.status === "renamed") this.addedAtHead.add(file.path);
        if (file.previousPath !== undefined) this.changedAtBase.set(file.previousPath, file);
      } else this.changedAtBase.set(file.path, file);
    }
    if (head.blobIds) this.blobIds = (paths) => this.idsOf(paths, head.blobIds!.bind(head));
  }

  private async idsOf(paths: readonly string[], headIds: (paths: readonly string[]) => Promise<Map<string, string>>): Promise<Map<string, string>> {
    const unchanged: string[] = [];
    const rebuilt: string[] = [];
    for (const path of paths) {
      if (this.changedAtBase.has(path)) rebuilt.push(path);
      else if (!this.addedAtHead.has(path)) unchanged.push(path);
    }
    const ids = await headIds(unchanged);
    if (rebuilt.length === 0) return ids;
    for (const [path, content] of await this.readFiles(rebuilt)) if (content.ok) ids.set(path, blobShaOfBytes(content.bytes));
    return ids;
  }

  async listFiles(): Promise<string[]> {
    const files = new Set((await this.head.listFiles()).filter((p) => !this.addedAtHead.has(p)));
    for (const path of this.changedAtBase.keys()) files.add(path);
    return [...files];
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    const result = new Map<string, FileContent>();
    const fromHead: string[] = [];
    for (const path of paths) {
      if (this.addedAtHead.has(path) && !this.changedAtBase.has(path)) result.set(path, { ok: false, reason: `skipped: ${path} did not exist at the merge base` });
      else fromHead.push(this.changedAtBase.get(path)?.status === "removed" ? "" : (this.changedAtBase.get(path)?.path ?? path));
    }
    const headContents = await this.head.readFiles(fromHead.filter((p) => p !== ""));
    for (const path of paths) {
      if (result.has(path)) continue;
      const changed = this.changedAtBase.get(path);
      if (!changed) {
        result.set(path, headContents.get(path) ?? { ok: false, reason: `skipped: could not be read (${path})` });
        continue;
      }
      result.set(path, rebuild(path, changed, changed.status === "removed" ? { ok: true, bytes: new Uint8Array() } : headContents.get(changed.path)));
    }
    return result;
  }
}

function rebuild(path: string, changed: ChangedFile, head: FileContent | undefined): FileContent {
  if (changed.patch === undefined) return { ok: false, reason: `skipped: the base version of ${path} is unknown (no patch)` };
  if (!head?.ok) return { ok: false, reason: head?.reason ?? `skipped: could not be read (${changed.path})` };
  const text = baseTextOf(new TextDecoder().decode(head.bytes), changed.patch);
  if (text === undefined) return { ok: false, reason: `skipped: the patch of ${changed.path} does not match its head version` };
  return { ok: true, bytes: new TextEncoder().encode(text) };
}
