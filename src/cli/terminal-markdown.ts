/**
 * A rule page (Markdown) for a terminal: the YAML front matter dropped, headings and code blocks set
 * apart, links as `text (url)`. With colour, headings are bold, code is cyan and inline code loses its
 * backticks; without colour (piped, --no-color) the same layout in plain text. The page is our own
 * documentation, so a line-by-line reading of its few constructs is enough.
 */

export interface TerminalStyle {
  color: boolean;
}

const sgr = (open: string, text: string): string => `\u001b[${open}m${text}\u001b[0m`;

/** The page without its leading `---` … `---` block. */
export function withoutFrontMatter(markdown: string): string {
  const lines = markdown.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return markdown;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  return end < 0 ? markdown : lines.slice(end + 1).join("\n").replace(/^\n+/, "");
}

function inline(text: string, style: TerminalStyle): string {
  const linked = text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (url.startsWith("#") ? label : `${label} (${url})`));
  if (!style.color) return linked;
  return linked.replace(/`([^`]+)`/g, (_, code: string) => sgr("36", code)).replace(/\*\*([^*]+)\*\*/g, (_, b: string) => sgr("1", b));
}

export function renderMarkdownForTerminal(markdown: string, style: TerminalStyle): string {
  const out: string[] = [];
  let inCode = false;
  for (const line of withoutFrontMatter(markdown).split(/\r?\n/)) {
    const fence = /^\s*(```|~~~)/.test(line);
    if (fence) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      out.push(`    ${style.color ? sgr("36", line) : line}`.trimEnd());
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const text = inline(heading[2] ?? "", { color: false });
      if (heading[1] === "#") {
        out.push(style.color ? sgr("1;4", text) : text, style.color ? "" : "=".repeat(text.length));
        if (!style.color) continue;
      } else out.push(style.color ? sgr("1;33", text) : text, ...(style.color ? [] : ["-".repeat(text.length)]));
      continue;
    }
    out.push(inline(line, style));
  }
  // One blank line at most between blocks, none at the end.
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
