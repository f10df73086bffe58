/**
 * The on-disk layer of the index's per-file facts (like Ruff's cache): one file per (kind, path, git
 * blob sha of the text) under a folder named after djperf's version and a digest of the code that
 * reads the facts, so facts written by another build are never read back.
 *
 * Safe against corruption: every entry carries a SHA-1 of its payload; a truncated, garbled or
 * unreadable entry is a miss (and is removed). Safe against concurrent writers: an entry is written to
 * a file of its own and renamed into place (atomic on one file system), so readers see the whole old
 * entry, the whole new one or none; two writers of one key write the same bytes.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { FactsEntry, FactsKey, FactsStore } from "../analysis/index/facts-cache.js";
import { analysisCodeDigest, buildNamespace, decodeEntry, encodeEntry, entryDigest } from "../cache/facts-entry.js";
/** Written at the cache root so backup tools skip it (https://bford.info/cachedir/). */
const CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by djperf.\n";

/** `$XDG_CACHE_HOME/djperf`, else `%LOCALAPPDATA%\djperf` on Windows, else `~/.cache/djperf`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "djperf");
  if (process.platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "djperf");
  return join(homedir(), ".cache", "djperf");
}

export interface DiskCacheStats {
  hits: number;
  misses: number;
  writes: number;
  /** Entries that failed their checksum or could not be decoded (treated as misses, removed). */
  corrupt: number;
}

export class DiskFactsStore implements FactsStore {
  readonly dir: string;
  readonly stats: DiskCacheStats = { hits: 0, misses: 0, writes: 0, corrupt: 0 };
  private writable = true;

  /** `root`: the cache folder (`--cache-dir`); `version`: djperf's version (the code digest is added here). */
  constructor(
    readonly root: string,
    readonly version: string,
    codeDigest = analysisCodeDigest(),
  ) {
    this.dir = join(root, "facts", buildNamespace(version, codeDigest));
    try {
      mkdirSync(this.dir, { recursive: true });
      writeIfMissing(join(root, "CACHEDIR.TAG"), CACHEDIR_TAG);
    } catch {
      // A read-only or missing home: run without the disk layer rather than fail the review.
      this.writable = false;
    }
  }

  /** The entry's file: one per kind (what was read), path and blob sha. */
  private fileOf(kind: string, path: string, blobSha: string): string {
    const key = entryDigest({ kind, path, blobSha });
    return join(this.dir, key.slice(0, 2), key.slice(2));
  }

  getMany(keys: readonly FactsKey[]): unknown[] {
    return keys.map((k) => this.get(k.kind, k.path, k.blobSha));
  }

  setMany(entries: readonly FactsEntry[]): void {
    for (const { key, value } of entries) this.set(key.kind, key.path, key.blobSha, value);
  }

  get<T>(kind: string, path: string, blobSha: string): T | undefined {
    const file = this.fileOf(kind, path, blobSha);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      this.stats.misses++;
      return undefined;
    }
    const value = decodeEntry<T>(bytes);
    if (value === undefined) {
      this.stats.corrupt++;
      this.stats.misses++;
      rmSync(file, { force: true });
      return undefined;
    }
    this.stats.hits++;
    return value.value;
  }

  set(kind: string, path: string, blobSha: string, value: unknown): void {
    if (!this.writable) return;
    const file = this.fileOf(kind, path, blobSha);
    const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(temp, encodeEntry(value));
      renameSync(temp, file);
      this.stats.writes++;
    } catch {
      // Disk full, permissions, a value v8 cannot serialise: the facts are still returned, just not kept.
      rmSync(temp, { force: true });
    }
  }
}

function writeIfMissing(file: string, text: string): void {
  try {
    statSync(file);
  } catch {
    writeFileSync(file, text);
  }
}
