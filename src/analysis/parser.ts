/**
 * The one place that talks to tree-sitter: a shared parser, a cache of compiled queries, and the
 * checks that decide whether a file is analysed at all (binary, non-UTF-8, too large).
 */
import Parser from "tree-sitter";
import type { Query as QueryType, SyntaxNode, Tree, TreeCursor } from "tree-sitter";
import Python from "tree-sitter-python";
import { installNodeMemo } from "./node-memo.js";

export type { SyntaxNode, Tree, TreeCursor };

const parser = new Parser();
// tree-sitter-python's typings describe the language object loosely; the runtime value is correct.
parser.setLanguage(Python as unknown as Parser.Language);

/** Whether node reads are answered in JavaScript (node-memo.ts); false when the binding failed its self-check. */
export const NODE_MEMO = installNodeMemo((text) => parser.parse(text));

/**
 * Named node types by type id: a cursor walk reads `nodeTypeId` (a number) and looks the name up here
 * instead of `nodeType` (a new string from the binding per node). Ids the table lacks (ERROR) are read
 * as strings. The binding puts the name on each named type's node class as a plain value.
 */
export const NAMED_NODE_TYPES: readonly (string | undefined)[] = (
  (Python as unknown as { nodeSubclasses?: { prototype: object }[] }).nodeSubclasses ?? []
).map((cls) => {
  const type: unknown = Object.getOwnPropertyDescriptor(cls.prototype, "type")?.value;
  return typeof type === "string" ? type : undefined;
});

const queryCache = new Map<string, QueryType>();

/** Compiles once per distinct source text; rules pass one multi-pattern query per family. */
export function compileQuery(source: string): QueryType {
  let query = queryCache.get(source);
  if (!query) {
    query = new Parser.Query(Python as unknown as Parser.Language, source);
    queryCache.set(source, query);
  }
  return query;
}

let parses = 0;
let parsedChars = 0;

/** How many files this process has parsed: a loop that parsed nothing since it last looked made no new tree. */
export function parseCount(): number {
  return parses;
}

/** How many characters this process has parsed: a tree's native size, and the node objects read from it, grow with it. */
export function parsedLength(): number {
  return parsedChars;
}

/** The last text parsed and its tree: readers of one file that run one after another share its parse. */
let last: { text: string; tree: Tree } | undefined;

export function parsePython(source: string): Tree {
  // Trees are never edited, so the same text's tree can be handed out again.
  if (last?.text === source) return last.tree;
  parses++;
  parsedChars += source.length;
  // bufferSize: the binding copies the input in chunks; a whole-file buffer avoids re-reads on big files.
  const tree = parser.parse(source, undefined, { bufferSize: Math.max(32 * 1024, source.length * 2 + 2) });
  last = { text: source, tree };
  return tree;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Turns raw file bytes into text, or says why the file is skipped. Binary (NUL byte), non-UTF-8 and
 * files over `maxBytes` are skipped with a reason, never parsed.
 */
export function decodeSource(bytes: Uint8Array, maxBytes = DEFAULT_MAX_FILE_BYTES): Decoded {
  if (bytes.byteLength > maxBytes) {
    return {
      ok: false,
      reason: `skipped: ${formatBytes(bytes.byteLength)} is over the ${formatBytes(maxBytes)} limit (analysis.max_file_bytes)`,
    };
  }
  const probe = bytes.subarray(0, Math.min(bytes.byteLength, 8000));
  if (probe.includes(0)) return { ok: false, reason: "skipped: binary file (contains a NUL byte)" };
  try {
    let text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: "skipped: not valid UTF-8 text" };
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}

/** First few syntax errors of a tree, as 1-based lines, for a diagnostic. */
export function syntaxErrorLines(tree: Tree, limit = 5): number[] {
  const lines: number[] = [];
  if (!tree.rootNode.hasError) return lines;
  const cursor = tree.walk();
  const visit = (): void => {
    do {
      const node = cursor.currentNode;
      if (node.type === "ERROR" || node.isMissing) {
        lines.push(node.startPosition.row + 1);
        if (lines.length >= limit) return;
      } else if (node.hasError && cursor.gotoFirstChild()) {
        visit();
        cursor.gotoParent();
        if (lines.length >= limit) return;
      }
    } while (cursor.gotoNextSibling());
  };
  visit();
  return lines;
}
