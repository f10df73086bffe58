/**
 * RepoSource over a directory on disk (`djperf check`). Dependency and tool folders are not walked;
 * symlinks are listed but never followed or read, so a link cannot pull in files outside the project.
 */
import type { Dirent } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, sep } from "node:path";
import type { FileContent, RepoSource } from "../pipeline/ports.js";
import { MAX_BLOB_BYTES } from "../git/git-source.js";

/** Folders that hold no project code: VCS data, dependencies, caches, virtualenvs. */
const SKIPPED_DIRS = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "__pycache__",
  ".venv",
  "venv",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  "site-packages",
]);

/** Files read at once; enough to keep the disk busy without exhausting file descriptors. */
const READ_CONCURRENCY = 32;

/** `visit` on every path, READ_CONCURRENCY at a time. */
async function eachAtOnce(paths: readonly string[], visit: (path: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) await visit(paths[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
}

export class FsSource implements RepoSource {
  private listing: Promise<string[]> | undefined;

  /** @param root absolute directory; paths are POSIX and relative to it. */
  constructor(readonly root: string) {}

  listFiles(): Promise<string[]> {
    this.listing ??= this.walk();
    return this.listing;
  }

  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    const result = new Map<string, FileContent>();
    await eachAtOnce(paths, async (path) => void result.set(path, await this.readOne(path)));
    return result;
  }

  /** Sizes from `lstat` (the pipeline reads a repository in chunks of bounded bytes); links and unreadable paths are left out. */
  async fileSizes(paths: readonly string[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    await eachAtOnce(paths, async (path) => {
      if (path.split("/").some((part) => part === ".." || part === "")) return;
      try {
        const info = await lstat(join(this.root, ...path.split("/")));
        if (info.isFile()) sizes.set(path, info.size);
      } catch {
        // readFiles says why it cannot be read.
      }
    });
    return sizes;
  }

  private async readOne(path: string): Promise<FileContent> {
    if (path.split("/").some((part) => part === ".." || part === "")) return { ok: false, reason: `skipped: not a path inside the project (${path})` };
    const absolute = join(this.root, ...path.split("/"));
    try {
      const info = await lstat(absolute);
      if (info.isSymbolicLink()) return { ok: false, reason: "skipped: symlink" };
      if (!info.isFile()) return { ok: false, reason: "skipped: not a regular file" };
      if (info.size > MAX_BLOB_BYTES) return { ok: false, reason: `skipped: ${(info.size / (1024 * 1024)).toFixed(1)} MB is too large to read` };
      // A view of readFile's own (unpooled) buffer: no second copy of the bytes.
      const buffer = await readFile(absolute);
      return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, reason: `skipped: could not be read (${code ?? String(error)})` };
    }
  }

  private async walk(): Promise<string[]> {
    const files: string[] = [];
    const visit = async (dir: string, prefix: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return; // unreadable folder (permissions): nothing to analyse there
      }
      // A virtualenv under any name is recognised by its marker file.
      if (prefix !== "" && entries.some((e) => e.name === "pyvenv.cfg" && e.isFile())) return;
      for (const entry of entries) {
        const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) await visit(join(dir, entry.name), path);
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          files.push(path);
        }
      }
    };
    await visit(this.root, "");
    return files.sort();
  }
}

/** A path relative to `root` in POSIX form, or undefined when it lies outside `root`. */
export function relativeInside(root: string, absolute: string): string | undefined {
  if (absolute === root) return "";
  const base = root.endsWith(sep) ? root : root + sep;
  if (!absolute.startsWith(base)) return undefined;
  return absolute.slice(base.length).split(sep).join("/");
}
