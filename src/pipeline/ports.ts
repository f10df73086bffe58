/** The ports every front end (CLI, App, demo) plugs into the one pipeline. */

export type FileContent = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Read access to one revision of a repository (the head of a PR, a work tree, a commit). */
export interface RepoSource {
  /** Every file path in the revision (repository-relative, POSIX). */
  listFiles(): Promise<string[]>;
  /** Contents of the given paths; a path that cannot be read maps to `{ok: false, reason}`. */
  readFiles(paths: readonly string[]): Promise<Map<string, FileContent>>;
  /** Sizes in bytes from the revision's tree listing, without reading contents (per-review limits). */
  fileSizes?(paths: readonly string[]): Promise<Map<string, number>>;
  /**
   * Git blob ids of the given paths from the revision's tree, without reading contents (paths that are
   * not regular files are left out): they stand for the bytes in the findings cache's key, so a warm
   * review need not read the files at all.
   */
  blobIds?(paths: readonly string[]): Promise<Map<string, string>>;
}

export type ChangeStatus = "added" | "modified" | "removed" | "renamed" | "copied" | "changed" | "unchanged";

export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: ChangeStatus;
  /** Unified diff hunks for this file; undefined when the provider gave none (binary, too large). */
  patch?: string;
}
