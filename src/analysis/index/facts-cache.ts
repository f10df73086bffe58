/**
 * A cache of the index's per-file unit (`readModuleFacts`, a function of path and text only) keyed by
 * the path, what was asked for and a hash of the text: what a blob sha identifies. A pull request's
 * base and head share almost every indexed file, and a long-running App reviews the same repository
 * again and again, so only changed files are parsed for the index. Least recently used entries go
 * first; the facts are plain data (no syntax trees), and assembling the index never writes to them.
 */
import { createHash } from "node:crypto";
import type { SourceText } from "../source-file.js";
import type { ModuleFactsResult } from "./build.js";

const DEFAULT_MAX_ENTRIES = 20_000;

export class ModuleFactsCache {
  private readonly entries = new Map<string, ModuleFactsResult>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  get(source: SourceText, want: { models: boolean; celery: boolean }, read: () => ModuleFactsResult): ModuleFactsResult {
    const key = `${want.models ? "m" : "-"}${want.celery ? "c" : "-"}\0${source.path}\0${createHash("sha1").update(source.text).digest("base64")}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      this.hits++;
      return cached;
    }
    this.misses++;
    const result = read();
    this.entries.set(key, result);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

/** The process-wide cache `buildProjectIndex` uses unless told otherwise. */
export const moduleFactsCache = new ModuleFactsCache();
