/**
 * Comment commands: `/djperf explain [RULE]`, `/djperf recheck`, `/djperf help`. A command counts only
 * when it starts a line of the comment's own text: quoted replies (`> /djperf …`), code blocks and
 * indented code are what someone else wrote or an example, not a request.
 */

/** A rule named in a command, by id (`DJP101`) or by name (`lazy-relation-in-loop`). */
export type RuleRef = { id: string } | { name: string };

export type Command =
  | { verb: "explain"; rule?: RuleRef }
  | { verb: "recheck" }
  | { verb: "help" }
  /** `text` is what followed `/djperf` (trimmed), for the "unknown command" reply. */
  | { verb: "unknown"; text: string };

const COMMAND_RE = /^ {0,3}\/djperf(?:\s+(.*))?$/i;

/**
 * Bounds applied before any regular expression sees comment text (issue 12, item 6): comments are
 * written by anyone who can read the repository, and `parseRuleRef`'s trimming pattern is quadratic in
 * the length of a word of closing brackets. No command needs more than a few short words.
 */
export const MAX_COMMAND_LINE_CHARS = 200;
export const MAX_WORD_CHARS = 80;
export const MAX_COMMAND_WORDS = 8;
const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;

/** The first command in a comment body, or null when it holds none. */
export function parseCommand(body: string): Command | null {
  let fence: string | undefined;
  for (const fullLine of body.split(/\r\n|\r|\n/)) {
    const line = fullLine.length > MAX_COMMAND_LINE_CHARS ? fullLine.slice(0, MAX_COMMAND_LINE_CHARS) : fullLine;
    const fenceMatch = FENCE_RE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const match = COMMAND_RE.exec(line);
    if (match) return commandOf((match[1] ?? "").trim());
  }
  return null;
}

function commandOf(rest: string): Command {
  const [verb = "", ...args] = rest
    .split(/\s+/, MAX_COMMAND_WORDS)
    .filter(Boolean)
    .map((word) => word.slice(0, MAX_WORD_CHARS));
  switch (verb.toLowerCase()) {
    case "":
    case "help":
      return { verb: "help" };
    case "recheck":
      return { verb: "recheck" };
    case "explain":
      return args[0] === undefined ? { verb: "explain" } : { verb: "explain", rule: parseRuleRef(args[0]) };
    default:
      return { verb: "unknown", text: rest };
  }
}

/**
 * `DJP101`, `djp101`, `` `DJP101` ``, `DJP101-lazy-relation-in-loop` → {id}; anything else → {name},
 * lower-cased (`lazy-relation-in-loop`), so an unknown word gets an "unknown rule" reply rather than
 * being ignored.
 */
export function parseRuleRef(word: string): RuleRef {
  const cleaned = word.slice(0, MAX_WORD_CHARS).replace(/^[`'"([]+|[`'")\].,:;!?]+$/g, "");
  const id = /^(djp\d{3})(?:-[a-z0-9-]+)?$/i.exec(cleaned);
  return id ? { id: id[1]!.toUpperCase() } : { name: cleaned.toLowerCase() };
}

/** The rule a reference names among the known rules (id or name), if any. */
export function resolveRuleRef<R extends { id: string; name: string }>(ref: RuleRef, rules: Iterable<R>): R | undefined {
  for (const rule of rules) {
    if ("id" in ref ? rule.id === ref.id : rule.name === ref.name) return rule;
  }
  return undefined;
}
