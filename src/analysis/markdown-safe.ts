/**
 * Source text placed into a finding message goes through `codeSpan`: messages are rendered as
 * Markdown (review comments, check runs), and a backtick inside the source must not end the span.
 * The analysis core cannot import src/report, so the one helper for rules lives here.
 */

/** The longest run of `char` in text, so a fence can be made one longer (also used by src/report). */
export function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/** An inline code span whose fence is longer than any backtick run inside; line breaks become spaces. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, " ").replace(/\s{2,}/g, " ");
  const fence = "`".repeat(longestRun(flat, "`") + 1);
  // CommonMark strips one space on each side when both are present: pad when the content touches a backtick.
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Source text shortened for a message: the first line, at most `max` characters. */
export function shortSource(text: string, max = 60): string {
  const first = text.split(/\r?\n|\r/, 1)[0] ?? "";
  const flat = first.trim();
  return flat.length > max || first.length < text.length ? `${flat.slice(0, max).trimEnd()}…` : flat;
}
