/**
 * Reads many blobs through one `git cat-file --batch` process: object ids go in on stdin, and
 * `<oid> <type> <size>\n<content>\n` records come back in the same order.
 */
import { spawn } from "node:child_process";
import { GitError, gitEnv, gitMessage } from "./run-git.js";

/** Contents by object id; an id git does not have is absent from the map. */
export function readBlobs(dir: string, oids: readonly string[]): Promise<Map<string, Uint8Array>> {
  const unique = [...new Set(oids)];
  if (unique.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", dir, "cat-file", "--batch"], { env: gitEnv(), stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    const parser = new BatchParser();
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => parser.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new GitError("git is not installed or not on PATH") : error),
    );
    child.on("close", (code) => {
      if (code !== 0) reject(new GitError(gitMessage(stderr, ["cat-file"])));
      else if (!parser.idle) reject(new Error("git cat-file --batch output ended in the middle of an object"));
      else resolve(parser.blobs);
    });
    // A reader that died early makes stdin fail with EPIPE; the close handler reports the real cause.
    child.stdin.on("error", () => undefined);
    child.stdin.end(unique.join("\n") + "\n");
  });
}

/**
 * A streaming parser for cat-file's batch output. A body is copied once into a buffer of its announced
 * size, so multi-megabyte blobs arriving in 64 KB chunks are not re-concatenated per chunk.
 */
class BatchParser {
  readonly blobs = new Map<string, Uint8Array>();
  private header: Buffer[] = [];
  private body: { oid: string; data: Buffer; filled: number } | undefined;
  /** The newline after a body still to be skipped. */
  private trailer = false;

  get idle(): boolean {
    return this.header.length === 0 && this.body === undefined && !this.trailer;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.trailer) {
        offset++;
        this.trailer = false;
      } else if (this.body) {
        const body = this.body;
        const take = Math.min(body.data.length - body.filled, chunk.length - offset);
        chunk.copy(body.data, body.filled, offset, offset + take);
        body.filled += take;
        offset += take;
        if (body.filled === body.data.length) this.finishBody();
      } else {
        const newline = chunk.indexOf(10, offset);
        if (newline === -1) {
          this.header.push(chunk.subarray(offset));
          return;
        }
        this.header.push(chunk.subarray(offset, newline));
        offset = newline + 1;
        this.startRecord(Buffer.concat(this.header).toString("utf8"));
        this.header = [];
      }
    }
  }

  private startRecord(line: string): void {
    const [oid, type, size] = line.split(" ");
    // `<oid> missing` / `<oid> ambiguous` carry no body.
    if (!oid || type === "missing" || type === "ambiguous" || size === undefined) return;
    this.body = { oid, data: Buffer.allocUnsafe(Number(size)), filled: 0 };
    if (this.body.data.length === 0) this.finishBody();
  }

  private finishBody(): void {
    const body = this.body!;
    this.blobs.set(body.oid, new Uint8Array(body.data.buffer, body.data.byteOffset, body.data.length));
    this.body = undefined;
    this.trailer = true;
  }
}
