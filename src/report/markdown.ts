/**
 * Small GitHub-markdown helpers shared by review comments, check-run summaries and command replies.
 * Sizes are measured in UTF-8 bytes: a byte budget is never smaller than GitHub's character limit, so
 * text that fits in bytes fits in characters too.
 */

import { longestRun } from "../analysis/markdown-safe.js";

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Text for one table cell: pipes escaped (GitHub unescapes `\|` even inside code spans), line breaks as
 * `<br>` (a raw newline would end the row).
 */
export function escapeTableCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n|\r/g, "<br>");
}

/** Escapes text placed inside HTML (`<summary>`, attributes); markdown inside stays literal. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** An inline code span that survives backticks in its content. Line breaks become spaces. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, " ");
  const fence = "`".repeat(longestRun(flat, "`") + 1);
  // CommonMark strips one space on each side when both are present: pad when the content touches a backtick.
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside (so ``` in the content is safe). */
export function codeBlock(text: string, info = ""): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${fence}${info}\n${body}${fence}`;
}

/** A collapsed section; the body keeps its markdown (blank lines around it make GitHub render it). */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? " open" : ""}><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

/** A markdown link; brackets in the label are escaped so the label cannot end early. */
export function link(label: string, url: string): string {
  const href = url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `[${label.replace(/([[\]\\])/g, "\\$1")}](${href})`;
}

/**
 * Cuts text to at most maxBytes UTF-8 bytes (marker included), on a code-point boundary, and appends
 * the marker when something was cut.
 */
export function truncateBytes(text: string, maxBytes: number, marker = "…"): string {
  if (byteLength(text) <= maxBytes) return text;
  const room = maxBytes - byteLength(marker);
  if (room <= 0) return "";
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const size = byteLength(ch);
    if (used + size > room) break;
    used += size;
    end += ch.length;
  }
  return text.slice(0, end) + marker;
}

export interface FittedList {
  /** The items that fit, followed by the "more" line when some were left out. */
  lines: string[];
  omitted: number;
  bytes: number;
}

/**
 * Takes items in order while they fit in budget bytes (each counted with its newline), keeping room for
 * an explicit "… and N more" line: a bounded list never ends silently.
 */
export function fitList(items: readonly string[], budget: number, more: (omitted: number) => string): FittedList {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const size = byteLength(item) + 1;
    const rest = items.length - i - 1;
    const reserve = rest > 0 ? byteLength(more(rest)) + 1 : 0;
    if (bytes + size + reserve > budget) {
      const omitted = items.length - i;
      const moreLine = more(omitted);
      lines.push(moreLine);
      return { lines, omitted, bytes: bytes + byteLength(moreLine) + 1 };
    }
    lines.push(item);
    bytes += size;
  }
  return { lines, omitted: 0, bytes };
}

/** "1 warning" / "3 warnings". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}
