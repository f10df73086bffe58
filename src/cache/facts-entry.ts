/**
 * One cached facts entry as bytes, shared by the stores that keep bytes (the CLI's folder on disk,
 * Redis): a magic line, a SHA-1 of the payload and the payload (v8 serialisation). A truncated,
 * garbled or foreign entry fails the check and is a miss. Entries are namespaced by djperf's version
 * and a digest of the analysis code, so facts written by another build are never read back.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { factsKeyString, type FactsKey } from "../analysis/index/facts-cache.js";

const MAGIC = Buffer.from("djpf1\n");
const DIGEST_BYTES = 20;

/** A short, fixed-length name for an entry: the SHA-1 of kind, path and blob sha. */
export function entryDigest(key: FactsKey): string {
  return createHash("sha1").update(factsKeyString(key)).digest("hex");
}

/** `<version>-<code digest>`: the namespace of entries this build may read. */
export function buildNamespace(version: string, codeDigest = analysisCodeDigest()): string {
  return `${version.replace(/[^\w.-]/g, "_")}-${codeDigest}`;
}

const codeDigestMemo = new Map<string, string>();

/** The built code's root: `src` (tsx) or `dist/src` (built), the parent of this file's folder. */
const SRC_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ANALYSIS_ROOTS = [join(SRC_ROOT, "analysis")];
const FINDINGS_ROOTS = [SRC_ROOT, join(dirname(SRC_ROOT), "rules")];

/**
 * A digest of the analysis core's own files (src/analysis, or dist/src/analysis when built): facts are
 * a function of the text and of this code, and a development build changes the code without changing
 * the version number.
 */
export function analysisCodeDigest(): string {
  return codeDigestOf(ANALYSIS_ROOTS);
}


/** Both digests of this build, computed once per process. */
export interface CodeDigests {
  analysis: string;
  findings: string;
}

export function codeDigests(): CodeDigests {
  return { analysis: analysisCodeDigest(), findings: findingsCodeDigest() };
}

/**
 * Takes the digests a parent process computed from the same files (the App's analysis process is a
 * fork of the server running the same build): hashing every source file again cost each review about
 * 65 ms before its analysis started.
 */
export function adoptCodeDigests(digests: CodeDigests): void {
  codeDigestMemo.set(ANALYSIS_ROOTS.join("\0"), digests.analysis);
  codeDigestMemo.set(FINDINGS_ROOTS.join("\0"), digests.findings);
}

/**
 * A digest of all of djperf's code and its rules (src and rules, or dist/src and dist/rules): a file's
 * findings depend on the rules, the config resolution and the pipeline too, not only on the index code.
 */
export function findingsCodeDigest(): string {
  return codeDigestOf(FINDINGS_ROOTS);
}

/** SHA-1 (16 hex digits) over the .js/.ts files under `roots`, by relative path and content. */
function codeDigestOf(roots: readonly string[]): string {
  const memoKey = roots.join("\0");
  const memo = codeDigestMemo.get(memoKey);
  if (memo !== undefined) return memo;
  const hash = createHash("sha1");
  for (const root of roots) {
    const files: string[] = [];
    const walk = (dir: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path);
      }
    };
    walk(root);
    hash.update(`root ${files.length}\0`);
    for (const path of files.sort()) hash.update(path.slice(root.length)).update("\0").update(readFileSync(path)).update("\0");
  }
  const digest = hash.digest("hex").slice(0, 16);
  codeDigestMemo.set(memoKey, digest);
  return digest;
}

export function encodeEntry(value: unknown): Buffer {
  const payload = serialize(value);
  return Buffer.concat([MAGIC, createHash("sha1").update(payload).digest(), payload]);
}

/** The value, or undefined when the bytes are not a whole, intact entry. */
export function decodeEntry<T>(bytes: Buffer): { value: T } | undefined {
  const head = MAGIC.length + DIGEST_BYTES;
  if (bytes.length < head || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = bytes.subarray(head);
  if (!createHash("sha1").update(payload).digest().equals(bytes.subarray(MAGIC.length, head))) return undefined;
  try {
    return { value: deserialize(payload) as T };
  } catch {
    return undefined;
  }
}

