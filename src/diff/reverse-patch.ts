/**
 * The merge-base version of a changed file, rebuilt from its head version and its unified diff (the
 * hunks GitHub's pulls.listFiles and `git diff` give): context and added lines are checked against the
 * head text, removed lines put back. The App reads base versions this way without another API call.
 */
import type parseDiff from "parse-diff";
import { parseDiffSafely } from "./parse.js";

/**
 * Base text, or undefined when the patch does not fit the head text (a context or added line differs,
 * a hunk points past the end): then the base version is unknown, never guessed.
 */
export function baseTextOf(headText: string, patch: string): string | undefined {
  const files = parseDiffSafely(patch.startsWith("@@") ? `--- a/x\n+++ b/x\n${patch}` : patch);
  const chunks = files.flatMap((f) => f.chunks);
  const headEndsWithNewline = headText.endsWith("\n");
  const head = headText === "" ? [] : (headEndsWithNewline ? headText.slice(0, -1) : headText).split("\n");
  const out: string[] = [];
  let next = 0; // index in `head` of the next line not yet copied
  // Whether the base's last line ends with a newline: as the head's, unless a hunk at the end says otherwise.
  let baseEndsWithNewline = headEndsWithNewline;
  for (const chunk of chunks) {
    // A hunk that only removes lines names the new-side line after which they stood.
    const start = chunk.newLines === 0 ? chunk.newStart : chunk.newStart - 1;
    if (start < next || start > head.length) return undefined;
    while (next < start) out.push(head[next++]!);
    let previous: string | undefined;
    for (const change of chunk.changes) {
      if (change.content.startsWith("\\")) {
        // "\ No newline at end of file" after a line of the old side: the base ended there without one.
        if (previous === "del" || previous === "normal") baseEndsWithNewline = false;
        continue;
      }
      previous = change.type;
      const text = change.content.slice(1);
      if (change.type === "del") {
        out.push(text);
        continue;
      }
      if (stripCr(head[next]) !== stripCr(text)) return undefined;
      if (change.type === "normal") out.push(head[next]!);
      next++;
    }
  }
  const touchesEnd = next === head.length && chunks.length > 0;
  while (next < head.length) out.push(head[next++]!);
  if (out.length === 0) return "";
  // A last hunk that reaches the end and marks no missing newline on the old side: the base had one.
  if (touchesEnd && !headEndsWithNewline && !markedOldSideWithoutNewline(chunks)) baseEndsWithNewline = true;
  return out.join("\n") + (baseEndsWithNewline ? "\n" : "");
}

function markedOldSideWithoutNewline(chunks: readonly parseDiff.Chunk[]): boolean {
  let previous: string | undefined;
  for (const change of chunks[chunks.length - 1]?.changes ?? []) {
    if (change.content.startsWith("\\") && (previous === "del" || previous === "normal")) return true;
    previous = change.type;
  }
  return false;
}

function stripCr(line: string | undefined): string | undefined {
  return line?.endsWith("\r") ? line.slice(0, -1) : line;
}
