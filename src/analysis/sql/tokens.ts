/**
 * A small SQL tokenizer for the SQL inside `RunSQL` (DJP202, DJP209): keywords and identifiers (words,
 * upper-cased), quoted identifiers, string literals, numbers and punctuation, with comments dropped and
 * statements split at top-level semicolons. Enough to find `CREATE INDEX` without `CONCURRENTLY`,
 * never a full SQL parser: anything it cannot tokenize (dollar-quoted bodies) is kept as one opaque token.
 */

export type SqlToken =
  | { t: "word"; value: string; raw: string }
  | { t: "ident"; value: string }
  | { t: "string"; value: string }
  | { t: "number"; value: string }
  | { t: "punct"; value: string }
  | { t: "opaque"; value: string };

export function tokenizeSql(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      let value = "";
      while (j < n) {
        if (sql[j] === c && sql[j + 1] === c) {
          value += c;
          j += 2;
          continue;
        }
        if (sql[j] === c) break;
        value += sql[j];
        j++;
      }
      out.push(c === "'" ? { t: "string", value } : { t: "ident", value });
      i = j + 1;
      continue;
    }
    if (c === "$") {
      // Dollar quoting ($$ … $$, $tag$ … $tag$): a function body, kept opaque.
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end === -1 ? n : end + tag.length;
        out.push({ t: "opaque", value: sql.slice(i, stop) });
        i = stop;
        continue;
      }
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 128))?.[0];
    if (word) {
      out.push({ t: "word", value: word.toUpperCase(), raw: word });
      i += word.length;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(sql.slice(i, i + 64))?.[0];
    if (num) {
      out.push({ t: "number", value: num });
      i += num.length;
      continue;
    }
    out.push({ t: "punct", value: c });
    i++;
  }
  return out;
}

/** Statements: token lists between top-level `;` (empty ones dropped). */
export function sqlStatements(sql: string): SqlToken[][] {
  const statements: SqlToken[][] = [];
  let current: SqlToken[] = [];
  for (const token of tokenizeSql(sql)) {
    if (token.t === "punct" && token.value === ";") {
      if (current.length > 0) statements.push(current);
      current = [];
    } else current.push(token);
  }
  if (current.length > 0) statements.push(current);
  return statements;
}

/** The keyword at `i` (upper-cased), or undefined when that token is not a bare word. */
export function wordAt(tokens: readonly SqlToken[], i: number): string | undefined {
  const t = tokens[i];
  return t?.t === "word" ? t.value : undefined;
}

/** The name at `i` as PostgreSQL folds it: a bare word lower-cased, a quoted identifier's text lower-cased. */
export function nameAt(tokens: readonly SqlToken[], i: number): string | undefined {
  const t = tokens[i];
  return t?.t === "word" ? t.raw.toLowerCase() : t?.t === "ident" ? t.value.toLowerCase() : undefined;
}

/** Does the statement contain the keyword sequence (e.g. `["SET", "NOT", "NULL"]`) as consecutive words? */
export function hasWords(tokens: readonly SqlToken[], words: readonly string[]): boolean {
  return indexOfWords(tokens, words) >= 0;
}

export function indexOfWords(tokens: readonly SqlToken[], words: readonly string[], from = 0): number {
  outer: for (let i = from; i + words.length <= tokens.length; i++) {
    for (let k = 0; k < words.length; k++) {
      const t = tokens[i + k]!;
      if (t.t !== "word" || t.value !== words[k]) continue outer;
    }
    return i;
  }
  return -1;
}
