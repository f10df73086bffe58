/**
 * One commit of a repository as GitHub would serve it: git blob shas computed the way git does, the
 * recursive tree (with directory entries), and GraphQL `object(expression:)` answers.
 */
import { createHash } from "node:crypto";
import { payload } from "./payloads.js";

export interface FakeBlob {
  path: string;
  bytes: Uint8Array;
  sha: string;
  mode: string;
}

export function gitBlobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

export function fakeSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export class FakeRepo {
  readonly blobs = new Map<string, FakeBlob>();

  constructor(
    readonly headSha: string,
    files: Record<string, string | Uint8Array>,
    /** Texts larger than this are not inlined by GraphQL (`text: null`), as GitHub does for big blobs. */
    readonly inlineLimit = 512 * 1024,
  ) {
    for (const [path, content] of Object.entries(files)) {
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      this.blobs.set(path, { path, bytes, sha: gitBlobSha(bytes), mode: "100644" });
    }
  }

  /** Tree entries as `git/trees/{sha}?recursive=1` lists them: directories first in path order, with sizes for blobs. */
  treeEntries(prefix = ""): Record<string, unknown>[] {
    const dirs = new Set<string>();
    const entries: Record<string, unknown>[] = [];
    for (const blob of this.blobs.values()) {
      if (!blob.path.startsWith(prefix)) continue;
      const rel = blob.path.slice(prefix.length);
      const parts = rel.split("/");
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
      entries.push({ path: rel, mode: blob.mode, type: "blob", sha: blob.sha, size: blob.bytes.byteLength, url: `https://api.github.com/repos/acme/shop/git/blobs/${blob.sha}` });
    }
    for (const dir of dirs) {
      const sha = this.treeSha(prefix + dir);
      entries.push({ path: dir, mode: "040000", type: "tree", sha, url: `https://api.github.com/repos/acme/shop/git/trees/${sha}` });
    }
    return entries.sort((a, b) => String(a.path).localeCompare(String(b.path)));
  }

  /** Entries of one directory only (a non-recursive listing). */
  directoryEntries(dir: string): Record<string, unknown>[] {
    const prefix = dir === "" ? "" : `${dir}/`;
    return this.treeEntries(prefix).filter((e) => !String(e.path).includes("/"));
  }

  treeSha(dir: string): string {
    return fakeSha(`tree:${this.headSha}:${dir}`);
  }

  treeResponse(entries: Record<string, unknown>[], truncated = false, sha = this.treeSha("")): Record<string, unknown> {
    return { ...payload("git-tree"), sha, url: `https://api.github.com/repos/acme/shop/git/trees/${sha}`, tree: entries, truncated };
  }

  /** What `object(expression: "<sha>:<path>") { ... on Blob {…} }` answers. */
  lookup(expression: string): Record<string, unknown> | null {
    const colon = expression.indexOf(":");
    if (expression.slice(0, colon) !== this.headSha) return null;
    const path = expression.slice(colon + 1);
    const blob = this.blobs.get(path);
    if (!blob) return [...this.blobs.keys()].some((p) => p.startsWith(`${path}/`)) ? {} : null;
    const binary = blob.bytes.includes(0);
    const inline = !binary && blob.bytes.byteLength <= this.inlineLimit;
    return {
      oid: blob.sha,
      byteSize: blob.bytes.byteLength,
      isBinary: binary,
      isTruncated: !binary && !inline,
      text: inline ? new TextDecoder().decode(blob.bytes) : null,
    };
  }

  bySha(sha: string): FakeBlob | undefined {
    for (const blob of this.blobs.values()) if (blob.sha === sha) return blob;
    return undefined;
  }
}

/** The patch GitHub lists for a file added with these contents. */
export function addedPatch(text: string): string {
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n");
}
