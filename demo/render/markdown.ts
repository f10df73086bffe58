/**
 * A small parser for the GitHub-flavoured markdown djperf writes (check-run summaries, review
 * comments): headings, paragraphs, fenced code, lists, tables, block quotes, `<details>` sections,
 * and inline code, emphasis, links, `<sub>`, `<br>`. HTML comments (djperf's markers) are dropped.
 * One tree, two renderers: the terminal and the HTML page.
 */

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong" | "em" | "sub"; children: Inline[] }
  | { kind: "link"; url: string; children: Inline[] }
  | { kind: "br" };

export type Block =
  | { kind: "heading"; level: number; content: Inline[] }
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "code"; info: string; text: string }
  | { kind: "list"; ordered: boolean; items: Block[][] }
  | { kind: "table"; header: Inline[][]; align: ("left" | "center" | "right")[]; rows: Inline[][][] }
  | { kind: "quote"; blocks: Block[] }
  | { kind: "details"; summary: Inline[]; blocks: Block[] }
  | { kind: "rule" };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

export function parseMarkdown(markdown: string): Block[] {
  const withoutComments = markdown.replace(/<!--[\s\S]*?-->/g, "");
  return parseBlocks(withoutComments.replace(/\r\n?/g, "\n").split("\n"));
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  const paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", content: parseInline(paragraph.join("\n").trim()) });
    paragraph.length = 0;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      i++;
      blocks.push({ kind: "code", info: fence[2] ?? "", text: body.join("\n") });
      continue;
    }
    if (line.trim() === "") {
      flush();
      i++;
      continue;
    }
    const details = /^\s*<details( open)?>\s*(?:<summary>(.*?)<\/summary>)?\s*$/.exec(line);
    if (details) {
      flush();
      let depth = 1;
      const body: string[] = [];
      i++;
      for (; i < lines.length; i++) {
        if (/<details\b/.test(lines[i]!)) depth++;
        if (/<\/details>/.test(lines[i]!) && --depth === 0) break;
        body.push(lines[i]!);
      }
      i++;
      let summary = details[2] ?? "";
      const summaryLine = body.findIndex((l) => /<summary>/.test(l));
      if (!details[2] && summaryLine >= 0) summary = /<summary>(.*?)<\/summary>/.exec(body.splice(summaryLine, 1)[0]!)?.[1] ?? "";
      blocks.push({ kind: "details", summary: parseInline(decodeEntities(summary)), blocks: parseBlocks(body) });
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: heading[1]!.length, content: parseInline(heading[2]!) });
      i++;
      continue;
    }
    if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line) && paragraph.length === 0) {
      blocks.push({ kind: "rule" });
      i++;
      continue;
    }
    if (line.includes("|") && TABLE_SEPARATOR.test(lines[i + 1] ?? "") && paragraph.length === 0) {
      const header = splitRow(line);
      const align = splitRow(lines[i + 1]!).map((c) => (c.startsWith(":") && c.endsWith(":") ? "center" : c.endsWith(":") ? "right" : "left") as "left" | "center" | "right");
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i]!.includes("|") && lines[i]!.trim() !== "") rows.push(splitRow(lines[i++]!).map(parseInline));
      blocks.push({ kind: "table", header: header.map(parseInline), align, rows });
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      flush();
      const body: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i]!)) body.push(lines[i++]!.replace(/^ {0,3}> ?/, ""));
      blocks.push({ kind: "quote", blocks: parseBlocks(body) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && paragraph.length === 0) {
      const ordered = /\d/.test(item[2]!);
      const items: Block[][] = [];
      while (i < lines.length) {
        const current = LIST_ITEM.exec(lines[i]!);
        if (!current || /\d/.test(current[2]!) !== ordered) break;
        const indent = current[1]!.length + current[2]!.length + 1;
        const body = [current[3]!];
        i++;
        // Continuation lines: indented under the item, or blank lines followed by indented ones.
        while (i < lines.length && (/^\s{2,}\S/.test(lines[i]!) || (lines[i]!.trim() === "" && /^\s{2,}\S/.test(lines[i + 1] ?? "")))) {
          body.push(lines[i]!.slice(Math.min(indent, lines[i]!.length - lines[i]!.trimStart().length)));
          i++;
        }
        items.push(parseBlocks(body));
      }
      blocks.push({ kind: "list", ordered, items });
      continue;
    }
    paragraph.push(line);
    i++;
  }
  flush();
  return blocks;
}

/** Table cells: split on pipes that are not escaped (`\|` is a literal pipe, also inside code). */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  const text = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\" && text[i + 1] === "|") {
      current += "|";
      i++;
    } else if (text[i] === "|") {
      cells.push(current.trim());
      current = "";
    } else current += text[i];
  }
  cells.push(current.trim());
  return cells;
}

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " })[name] ?? "");
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buffer = "";
  const pushText = () => {
    if (buffer) out.push({ kind: "text", text: decodeEntities(buffer) });
    buffer = "";
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i]!;
    if (ch === "\\" && /[\\`*_[\]()#+\-.!|<>{}]/.test(text[i + 1] ?? "")) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "\n") {
      buffer += " ";
      i++;
      continue;
    }
    const code = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest);
    if (code) {
      pushText();
      const content = code[2]!.replace(/\n/g, " ");
      out.push({ kind: "code", text: /^ .* $/.test(content) ? content.slice(1, -1) : content });
      i += code[0].length;
      continue;
    }
    const br = /^<br\s*\/?>/i.exec(rest);
    if (br) {
      pushText();
      out.push({ kind: "br" });
      i += br[0].length;
      continue;
    }
    const sub = /^<sub>([\s\S]*?)<\/sub>/i.exec(rest);
    if (sub) {
      pushText();
      out.push({ kind: "sub", children: parseInline(sub[1]!) });
      i += sub[0].length;
      continue;
    }
    const link = /^\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)/.exec(rest);
    if (link) {
      pushText();
      out.push({ kind: "link", url: link[2]!, children: parseInline(link[1]!) });
      i += link[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      pushText();
      out.push({ kind: "strong", children: parseInline(strong[2]!) });
      i += strong[0].length;
      continue;
    }
    const em = /^([*_])(?=\S)([\s\S]*?\S)\1(?![*_\w])/.exec(rest);
    if (em && (ch === "*" || !/\w/.test(text[i - 1] ?? ""))) {
      pushText();
      out.push({ kind: "em", children: parseInline(em[2]!) });
      i += em[0].length;
      continue;
    }
    const tag = /^<\/?(?:p|div|span|b|i|strong|em|details|summary)\b[^>]*>/i.exec(rest);
    if (tag) {
      i += tag[0].length;
      continue;
    }
    buffer += ch;
    i++;
  }
  pushText();
  return out;
}

/** The plain text of inline content (table measuring, titles). */
export function plainText(content: readonly Inline[]): string {
  return content
    .map((node) => {
      switch (node.kind) {
        case "text":
        case "code":
          return node.text;
        case "br":
          return " ";
        default:
          return plainText(node.children);
      }
    })
    .join("");
}
