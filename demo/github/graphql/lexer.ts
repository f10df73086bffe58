/** The GraphQL lexer: punctuators, names, numbers, strings and block strings; commas and comments skipped. */

export interface Location {
  line: number;
  column: number;
}

export class GraphqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly loc: Location,
  ) {
    super(message);
  }
}

export type TokenKind = "punct" | "name" | "int" | "float" | "string" | "eof";
export interface Token {
  kind: TokenKind;
  value: string;
  loc: Location;
}

export const PUNCT_NAMES: Record<string, string> = { "{": "LCURLY", "}": "RCURLY", "(": "LPAREN", ")": "RPAREN", "[": "LBRACKET", "]": "RBRACKET", ":": "COLON", "!": "BANG", $: "VAR_SIGN", "=": "EQUALS", "@": "DIR_SIGN", "...": "ELLIPSIS", "|": "PIPE", "&": "AMP" };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const loc = (at: number): Location => ({ line, column: at - lineStart + 1 });
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "\n") {
      i++;
      line++;
      lineStart = i;
    } else if (ch === " " || ch === "\t" || ch === "\r" || ch === "," || ch === "\ufeff") {
      i++;
    } else if (ch === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (source.startsWith("...", i)) {
      tokens.push({ kind: "punct", value: "...", loc: loc(i) });
      i += 3;
    } else if ("{}()[]:!$=@|&".includes(ch)) {
      tokens.push({ kind: "punct", value: ch, loc: loc(i) });
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < source.length && /\w/.test(source[i]!)) i++;
      tokens.push({ kind: "name", value: source.slice(start, i), loc: loc(start) });
    } else if (/[-\d]/.test(ch)) {
      const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i));
      if (!match) throw new GraphqlSyntaxError(`Parse error on "${ch}" at [${line}, ${i - lineStart + 1}]`, loc(i));
      tokens.push({ kind: match[2] || match[3] ? "float" : "int", value: match[0], loc: loc(i) });
      i += match[0].length;
    } else if (source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      if (end === -1) throw new GraphqlSyntaxError(`Parse error: unterminated block string at [${line}, ${i - lineStart + 1}]`, loc(i));
      const raw = source.slice(i + 3, end);
      tokens.push({ kind: "string", value: blockString(raw), loc: loc(i) });
      for (const c of raw) if (c === "\n") line++;
      if (raw.includes("\n")) lineStart = i + 3 + raw.lastIndexOf("\n") + 1;
      i = end + 3;
    } else if (ch === '"') {
      const start = i;
      let value = "";
      i++;
      for (;;) {
        const c = source[i];
        if (c === undefined || c === "\n") throw new GraphqlSyntaxError(`Parse error: unterminated string at [${line}, ${start - lineStart + 1}]`, loc(start));
        i++;
        if (c === '"') break;
        if (c !== "\\") {
          value += c;
          continue;
        }
        const esc = source[i++];
        if (esc === "u") {
          value += String.fromCharCode(Number.parseInt(source.slice(i, i + 4), 16));
          i += 4;
        } else {
          value += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[esc ?? ""] ?? esc ?? "";
        }
      }
      tokens.push({ kind: "string", value, loc: loc(start) });
    } else {
      throw new GraphqlSyntaxError(`Parse error on "${ch}" at [${line}, ${i - lineStart + 1}]`, loc(i));
    }
  }
  tokens.push({ kind: "eof", value: "", loc: loc(i) });
  return tokens;
}

/** Block strings drop the common indentation and blank first/last lines (GraphQL spec). */
function blockString(raw: string): string {
  const lines = raw.replace(/\\"""/g, '"""').split(/\r\n|\n|\r/);
  const indents = lines.slice(1).filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  const trimmed = lines.map((l, i) => (i === 0 ? l : l.slice(common)));
  while (trimmed.length > 0 && trimmed[0]!.trim() === "") trimmed.shift();
  while (trimmed.length > 0 && trimmed.at(-1)!.trim() === "") trimmed.pop();
  return trimmed.join("\n");
}
