/**
 * File contents by git blob sha, least recently used first out, bounded by bytes. Blob shas name
 * contents, so one cache serves every run, pull request and push: a model file unchanged between
 * pushes is fetched once. Only facts that follow from the content are cached (bytes, "binary"), never
 * answers that depend on a repository's config (the size limit).
 */
import type { FileContent } from "../pipeline/ports.js";
import { DEFAULT_BLOB_CACHE_BYTES } from "./limits.js";

/** What a reason-only entry is charged, so a flood of them is bounded too. */
const ENTRY_OVERHEAD = 64;

export class BlobCache {
  private readonly entries = new Map<string, FileContent>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number = DEFAULT_BLOB_CACHE_BYTES) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  get(sha: string): FileContent | undefined {
    const entry = this.entries.get(sha);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-inserting moves the entry to the young end of the Map's insertion order.
    this.entries.delete(sha);
    this.entries.set(sha, entry);
    return entry;
  }

  set(sha: string, content: FileContent): void {
    const cost = costOf(content);
    if (cost > this.maxBytes) return;
    const previous = this.entries.get(sha);
    if (previous !== undefined) {
      this.used -= costOf(previous);
      this.entries.delete(sha);
    }
    this.entries.set(sha, content);
    this.used += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= costOf(entry);
    }
  }
}

function costOf(content: FileContent): number {
  return ENTRY_OVERHEAD + (content.ok ? content.bytes.byteLength : 0);
}
