/**
 * Unified diffs → the line sets the diff filter needs, per file and on the new (head) side:
 * added lines, deletion points, context lines (commentable on GitHub) and hunk ranges.
 * Accepts a whole `git diff` text and the header-less single-file patches of GitHub's pulls.listFiles.
 */
import parseDiff from "parse-diff";
import type { ChangeStatus, ChangedFile } from "../pipeline/ports.js";

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  /** 0 for a hunk that only removes lines. */
  newLines: number;
}

/** The changed-line sets of one file's patch; every number is a 1-based line on the new side. */
export interface PatchLines {
  added: ReadonlySet<number>;
  /**
   * Where lines were removed without replacement: the new-side line after which they stood (1 when
   * they stood at the top of the file). A deletion creates problems too (a removed `select_related`),
   * so it counts as a change. Replaced lines are marked by their added lines instead.
   */
  deletionPoints: ReadonlySet<number>;
  /** Unchanged lines shown in a hunk: GitHub accepts review comments on them. */
  context: ReadonlySet<number>;
  hunks: readonly Hunk[];
  /** How many old-side lines the patch removed (or replaced), blank and comment lines included: code can only have moved out of a file that lost lines. */
  removed: number;
}

export interface FileChanges extends PatchLines {
  /** Repository-relative path on the new side (the old path for a removed file). */
  path: string;
  previousPath?: string;
  status: ChangeStatus;
  /** True when no patch was available (binary, or too large for the provider): lines are unknown. */
  patchMissing: boolean;
}

/** Changes of a pull request or commit range, keyed by new-side path. */
export type DiffChanges = ReadonlyMap<string, FileChanges>;

const EMPTY: PatchLines = { added: new Set(), deletionPoints: new Set(), context: new Set(), hunks: [], removed: 0 };

/**
 * parse-diff, made total. It throws (TypeError) on a `\ No newline at end of file` marker with no
 * change line before it in its hunk, which a malformed or hand-edited diff can contain (found by the
 * fuzz run, test/fuzz). Such markers say nothing about the lines: they are dropped and the diff read
 * again; a diff that still cannot be read has no changes rather than crashing the review.
 */
export function parseDiffSafely(text: string): parseDiff.File[] {
  try {
    return parseDiff(text);
  } catch {
    const lines = text.split("\n");
    const kept = lines.filter((line, i) => !line.startsWith("\\") || /^[-+ ]/.test(lines[i - 1] ?? ""));
    try {
      return parseDiff(kept.join("\n"));
    } catch {
      return [];
    }
  }
}

/** Line sets of one file's patch, with or without the `diff --git` / `---` / `+++` header. */
export function parsePatchLines(patch: string): PatchLines {
  const files = parseDiffSafely(patch);
  if (files.length === 0) return EMPTY;
  return linesOfChunks(files.flatMap((f) => f.chunks));
}

function linesOfChunks(chunks: readonly parseDiff.Chunk[]): PatchLines {
  const added = new Set<number>();
  const deletionPoints = new Set<number>();
  const context = new Set<number>();
  const hunks: Hunk[] = [];
  let removed = 0;
  for (const chunk of chunks) {
    hunks.push({ oldStart: chunk.oldStart, oldLines: chunk.oldLines, newStart: chunk.newStart, newLines: chunk.newLines });
    // The new-side line most recently passed; a hunk with newLines 0 names the line before the removal.
    let lastNewLine = chunk.newLines === 0 ? chunk.newStart : chunk.newStart - 1;
    // The last new-side line of the hunk with code on it, not blank nor a comment (undefined: none yet).
    let lastCodeLine: number | undefined;
    let pendingDeletion = false;
    let deletedIndented = true;
    const markDeletion = (): void => {
      deletionPoints.add(Math.max(lastNewLine, 1));
      // Indented lines removed after blank lines belonged to a block still open at the last code line
      // (no dedent can hide in blank lines): a method deleted at the end of a class is in the class.
      if (deletedIndented && lastCodeLine !== undefined && lastCodeLine < lastNewLine) deletionPoints.add(lastCodeLine);
    };
    for (const change of chunk.changes) {
      // "\ No newline at end of file" arrives as a change of the previous line's type.
      if (change.content.startsWith("\\")) continue;
      if (change.type === "del") {
        removed++;
        // Removing a blank line or a comment changes nothing the rules look at.
        if (!isTrivialLine(change.content)) {
          if (!pendingDeletion) deletedIndented = true;
          pendingDeletion = true;
          if (!/^[ \t]/.test(change.content.slice(1))) deletedIndented = false;
        }
        continue;
      }
      // A removal replaced by added lines is marked by those lines; only a bare removal needs a point.
      if (pendingDeletion && change.type !== "add") markDeletion();
      pendingDeletion = false;
      lastNewLine = change.type === "add" ? change.ln : change.ln2;
      if (!isTrivialLine(change.content)) lastCodeLine = lastNewLine;
      // An added blank line or comment is commentable but is no change to the code: a formatter or
      // a new comment inside an old loop must not make the pull request the cause of its findings.
      if (change.type === "add") (isTrivialLine(change.content) ? context : added).add(change.ln);
      else context.add(change.ln2);
    }
    if (pendingDeletion) markDeletion();
  }
  return { added, deletionPoints, context, hunks, removed };
}

/** A diff line (with its leading `+`, `-` or space) that is blank or only a Python comment. */
export function isTrivialLine(content: string): boolean {
  const text = content.slice(1).trim();
  return text === "" || text.startsWith("#");
}

/** Splits a multi-file `git diff` text at its `diff --git` headers (content lines never start so). */
export function splitFileSections(text: string): string[] {
  const sections: string[] = [];
  const starts: number[] = [];
  const header = /^diff --git /gm;
  for (let m = header.exec(text); m; m = header.exec(text)) starts.push(m.index);
  for (let i = 0; i < starts.length; i++) sections.push(text.slice(starts[i], starts[i + 1] ?? text.length));
  return sections;
}

/** True when git printed no text hunks because the file is binary. */
export function isBinarySection(section: string): boolean {
  return /^(Binary files .* differ|GIT binary patch)$/m.test(section);
}

/** Parses a whole unified diff (`git diff` output) into per-file changes. */
export function parseUnifiedDiff(text: string): FileChanges[] {
  const sections = splitFileSections(text);
  // A diff without `diff --git` headers (plain `diff -u`, one GitHub patch) is one section.
  const inputs = sections.length > 0 ? sections : [text];
  return inputs.flatMap((section) =>
    parseDiffSafely(section).map((file): FileChanges => {
      const from = file.from === undefined || file.from === "/dev/null" ? undefined : unquoteGitPath(file.from);
      const to = file.to === undefined || file.to === "/dev/null" ? undefined : unquoteGitPath(file.to);
      const status: ChangeStatus = file.new ? "added" : file.deleted ? "removed" : from !== undefined && to !== undefined && from !== to ? "renamed" : "modified";
      const path = status === "removed" ? (from ?? to ?? "") : (to ?? from ?? "");
      return {
        path,
        ...(status === "renamed" && from !== undefined ? { previousPath: from } : {}),
        status,
        ...linesOfChunks(file.chunks),
        patchMissing: isBinarySection(section),
      };
    }),
  );
}

/** Changes from a provider's file list (GitHub's pulls.listFiles, GitSource's changedFiles). */
export function changesFromFiles(files: readonly ChangedFile[]): Map<string, FileChanges> {
  const result = new Map<string, FileChanges>();
  for (const file of files) {
    const lines = file.patch === undefined ? EMPTY : parsePatchLines(file.patch);
    result.set(file.path, {
      path: file.path,
      ...(file.previousPath !== undefined ? { previousPath: file.previousPath } : {}),
      status: file.status,
      ...lines,
      // Without a patch a rename or removal changed no head line; for other statuses the lines are unknown.
      patchMissing: file.patch === undefined && file.status !== "renamed" && file.status !== "removed" && file.status !== "unchanged",
    });
  }
  return result;
}

/** Keys parsed whole-diff changes by path, like changesFromFiles. */
export function changesByPath(files: readonly FileChanges[]): Map<string, FileChanges> {
  return new Map(files.map((f) => [f.path, f]));
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/**
 * git C-quotes unusual paths (`"caf\303\251.py"`); parse-diff strips the quotes but keeps the escapes.
 * Octal escapes are UTF-8 bytes, so the path is rebuilt byte by byte.
 */
export function unquoteGitPath(path: string): string {
  if (!/\\([0-7]{3}|[abtnvfr"\\])/.test(path)) return path;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < path.length; i++) {
    if (path[i] === "\\" && i + 1 < path.length) {
      const octal = /^[0-7]{3}/.exec(path.slice(i + 1, i + 4));
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 3;
        continue;
      }
      const simple = SIMPLE_ESCAPES[path[i + 1]!];
      if (simple !== undefined) {
        bytes.push(simple);
        i += 1;
        continue;
      }
    }
    const ch = String.fromCodePoint(path.codePointAt(i)!);
    bytes.push(...encoder.encode(ch));
    i += ch.length - 1;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
