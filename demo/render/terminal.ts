/**
 * Markdown blocks → terminal lines: bold headings, wrapped paragraphs, boxed tables, code with a
 * gutter, suggestions as green `+` lines, and links as OSC 8 hyperlinks (plain `text <url>` without
 * colour). Widths are measured in terminal cells (emoji count two).
 */
import { parseMarkdown, type Block, type Inline } from "./markdown.js";

export interface Style {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  italic(s: string): string;
  underline(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  inverse(s: string): string;
}

export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    italic: wrap(3, 23),
    underline: wrap(4, 24),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
    inverse: wrap(7, 27),
  };
}

// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;]*m|\x1b\]8;;[^\x1b]*\x1b\\/g;

/** Terminal cells a string takes: escapes take none, wide and emoji characters two. */
export function visibleWidth(text: string): number {
  const plain = text.replace(ESCAPES, "");
  let width = 0;
  const chars = [...plain];
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfe0f || cp === 0xfe0e || cp === 0x200d || (cp >= 0x300 && cp <= 0x36f)) return;
    const emojiPresentation = chars[i + 1] === "\ufe0f";
    const wide = cp >= 0x1f000 || (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60);
    width += wide || emojiPresentation ? 2 : 1;
  });
  return width;
}

export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleWidth(text)));
}

/** Word-wraps styled text; a word longer than the width stays whole on its own line. */
export function wrap(text: string, width: number, firstPrefix = "", restPrefix = firstPrefix): string[] {
  const lines: string[] = [];
  text.split("\n").forEach((paragraph, p) => {
    let line = p === 0 ? firstPrefix : restPrefix;
    let empty = true;
    for (const word of paragraph.split(" ").filter((w) => w.length > 0)) {
      const candidate = empty ? line + word : `${line} ${word}`;
      if (!empty && visibleWidth(candidate) > width) {
        lines.push(line);
        line = restPrefix + word;
      } else line = candidate;
      empty = false;
    }
    lines.push(line);
  });
  return lines;
}

export function renderInline(content: readonly Inline[], style: Style): string {
  return content
    .map((node) => {
      switch (node.kind) {
        case "text":
          return node.text;
        case "code":
          return style.cyan(style.enabled ? node.text : `\`${node.text}\``);
        case "br":
          return "\n";
        case "strong":
          return style.bold(renderInline(node.children, style));
        case "em":
          return style.italic(renderInline(node.children, style));
        case "sub":
          return style.dim(renderInline(node.children, style));
        case "link": {
          const label = renderInline(node.children, style);
          return style.enabled ? `\x1b]8;;${node.url}\x1b\\${style.underline(label)}\x1b]8;;\x1b\\` : `${label} <${node.url}>`;
        }
      }
    })
    .join("");
}

export interface RenderContext {
  /** The lines a review comment sits on: a ```suggestion``` block is shown as a diff against them. */
  commentedLines?: readonly string[];
}

export function renderMarkdown(markdown: string, style: Style, width: number, context: RenderContext = {}): string[] {
  return renderBlocks(parseMarkdown(markdown), style, width, context);
}

export function renderBlocks(blocks: readonly Block[], style: Style, width: number, context: RenderContext = {}): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    if (out.length > 0) out.push("");
    out.push(...renderBlock(block, style, width, context));
  }
  return out;
}

function renderBlock(block: Block, style: Style, width: number, context: RenderContext): string[] {
  switch (block.kind) {
    case "heading": {
      const text = renderInline(block.content, style);
      return block.level <= 2 ? [style.bold(style.underline(text))] : [style.bold(text)];
    }
    case "paragraph":
      return wrap(renderInline(block.content, style), width);
    case "code":
      return renderCode(block.text, block.info, style, context);
    case "rule":
      return [style.dim("─".repeat(Math.min(width, 40)))];
    case "quote":
      return renderBlocks(block.blocks, style, width - 2, context).map((l) => `${style.dim("│")} ${l}`);
    case "details":
      return [`${style.bold("▾")} ${style.bold(renderInline(block.summary, style))}`, ...renderBlocks(block.blocks, style, width - 2, context).map((l) => `  ${l}`)];
    case "list":
      return block.items.flatMap((item, i) => {
        const bullet = block.ordered ? `${i + 1}.` : "•";
        const lines = renderBlocks(item, style, width - bullet.length - 1, context);
        return lines.map((l, k) => (k === 0 ? `${bullet} ${l}` : `${" ".repeat(bullet.length + 1)}${l}`));
      });
    case "table":
      return renderTable(block, style, width);
  }
}

function renderCode(text: string, info: string, style: Style, context: RenderContext): string[] {
  if (info === "suggestion") {
    const diff = suggestionDiff(context.commentedLines ?? [], text.split("\n"));
    const mark = { context: (l: string) => style.dim(`    ${l}`), removed: (l: string) => style.red(`  - ${l}`), added: (l: string) => style.green(`  + ${l}`) };
    return [style.green(style.bold("Suggested change:")), ...diff.map((d) => mark[d.kind](d.text))];
  }
  const gutter = style.dim("  │ ");
  return [...(info ? [style.dim(`  ╭─ ${info}`)] : []), ...text.split("\n").map((l) => `${gutter}${l}`)];
}

function renderTable(table: Extract<Block, { kind: "table" }>, style: Style, width: number): string[] {
  const columns = table.header.length;
  const header = table.header.map((c) => style.bold(renderInline(c, style)));
  const rows = table.rows.map((r) => Array.from({ length: columns }, (_, i) => renderInline(r[i] ?? [], style)));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(1, visibleWidth(header[i]!), ...rows.map((r) => Math.max(...r[i]!.split("\n").map(visibleWidth)))));
  // Borders take 3 cells per column plus one; shrink the widest column until the table fits.
  while (widths.reduce((a, b) => a + b, 0) + 3 * columns + 1 > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 8) break;
    widths[widest]!--;
  }
  const line = (l: string, m: string, r: string) => style.dim(l + widths.map((w) => "─".repeat(w + 2)).join(m) + r);
  const row = (cells: string[]) => {
    const wrapped = cells.map((cell, i) => wrap(cell, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, k) => style.dim("│") + wrapped.map((w, i) => ` ${padEnd(w[k] ?? "", widths[i]!)} `).join(style.dim("│")) + style.dim("│"));
  };
  return [line("┌", "┬", "┐"), ...row(header), line("├", "┼", "┤"), ...rows.flatMap(row), line("└", "┴", "┘")];
}

export interface DiffLine {
  kind: "context" | "removed" | "added";
  text: string;
}

/**
 * A suggestion against the lines it replaces, as GitHub shows it: unchanged leading and trailing lines
 * as context, the rest as removed then added. Without the commented lines, every line is added.
 */
export function suggestionDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return [
    ...before.slice(0, head).map((text) => ({ kind: "context" as const, text })),
    ...before.slice(head, before.length - tail).map((text) => ({ kind: "removed" as const, text })),
    ...after.slice(head, after.length - tail).map((text) => ({ kind: "added" as const, text })),
    ...after.slice(after.length - tail).map((text) => ({ kind: "context" as const, text })),
  ];
}
