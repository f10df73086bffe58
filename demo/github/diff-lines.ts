/**
 * Where GitHub lets a review comment sit: the lines a file's patch shows, per side (RIGHT = head,
 * LEFT = base), each with its hunk and its diff `position` (lines below the first `@@` header, later
 * headers counted too, as GitHub documents).
 */

export type Side = "LEFT" | "RIGHT";

export interface DiffLine {
  hunk: number;
  position: number;
}

export interface CommentableLines {
  /** Line number → where it sits in the patch, per side. */
  RIGHT: Map<number, DiffLine>;
  LEFT: Map<number, DiffLine>;
  /** Position → the side and line it shows (the `position` parameter's meaning). */
  byPosition: Map<number, { side: Side; line: number }>;
  /** The patch's lines (position n is index n), for building `diff_hunk`. */
  patchLines: string[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function commentableLines(patch: string | undefined): CommentableLines {
  const result: CommentableLines = { RIGHT: new Map(), LEFT: new Map(), byPosition: new Map(), patchLines: [] };
  if (!patch) return result;
  const lines = patch.split("\n");
  if (lines.at(-1) === "") lines.pop();
  result.patchLines = lines;
  let hunk = -1;
  let oldLine = 0;
  let newLine = 0;
  lines.forEach((text, position) => {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      hunk++;
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      return;
    }
    if (hunk < 0 || text.startsWith("\\")) return;
    const at = { hunk, position };
    if (text.startsWith("+")) {
      result.RIGHT.set(newLine, at);
      result.byPosition.set(position, { side: "RIGHT", line: newLine++ });
    } else if (text.startsWith("-")) {
      result.LEFT.set(oldLine, at);
      result.byPosition.set(position, { side: "LEFT", line: oldLine++ });
    } else {
      result.RIGHT.set(newLine, at);
      result.LEFT.set(oldLine, at);
      result.byPosition.set(position, { side: "RIGHT", line: newLine++ });
      oldLine++;
    }
  });
  return result;
}

/** GitHub's `diff_hunk` of a comment: its hunk's header and lines up to the commented one. */
export function diffHunkFor(lines: CommentableLines, position: number): string {
  let start = position;
  while (start > 0 && !HUNK_HEADER.test(lines.patchLines[start]!)) start--;
  return lines.patchLines.slice(start, position + 1).join("\n");
}
