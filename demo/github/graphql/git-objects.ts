/**
 * Git objects for GraphQL's `object(expression:)`: one query's lookups are answered together, with one
 * `cat-file --batch-check` and one blob read however many aliases the query holds.
 */
import type { SimContext } from "../context.js";

export type GitObject = { __type: "Blob" | "Tree" | "Commit"; oid: string; byteSize: number; bytes?: Uint8Array };

/** Collects the lookups made in one turn of the event loop, then answers them in one batch. */
export class ObjectLoader {
  private pending = new Map<string, Waiter[]>();

  constructor(private readonly sim: SimContext) {}

  load(expression: string): Promise<GitObject | null> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) setImmediate(() => void this.flush());
      this.pending.set(expression, [...(this.pending.get(expression) ?? []), { resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      const infos = await this.sim.git.objects([...batch.keys()]);
      const blobOids = [...infos.values()].filter((i) => i.type === "blob").map((i) => i.oid);
      const bytes = await this.sim.git.blobs(blobOids);
      for (const [expression, waiting] of batch) {
        const info = infos.get(expression);
        const type = info?.type === "blob" ? "Blob" : info?.type === "tree" ? "Tree" : info?.type === "commit" ? "Commit" : undefined;
        const object: GitObject | null = info && type ? { __type: type, oid: info.oid, byteSize: info.size, bytes: bytes.get(info.oid) } : null;
        for (const waiter of waiting) waiter.resolve(object);
      }
    } catch (error) {
      // git failed: every lookup of the batch fails (a 500 from the simulation), none is left hanging.
      for (const waiting of batch.values()) for (const waiter of waiting) waiter.reject(error);
    }
  }
}

interface Waiter {
  resolve(value: GitObject | null): void;
  reject(error: unknown): void;
}

/** git's own test: a NUL byte in the first 8,000 bytes makes a file binary. */
export function isBinary(bytes: Uint8Array | undefined): boolean {
  return bytes !== undefined && bytes.subarray(0, 8000).includes(0);
}

