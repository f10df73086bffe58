import { createHash } from "node:crypto";

/**
 * A finding's marker across pushes of one pull request: rule, path, the enclosing definitions, the
 * flagged source with whitespace folded, and the message id. No line numbers, so moving code does not
 * re-post a comment; the enclosing names keep two identical lines in different functions apart.
 */
export function fingerprintOf(ruleId: string, path: string, flaggedSource: string, messageId: string, enclosing = ""): string {
  const normalised = flaggedSource.replace(/\s+/g, " ").trim();
  return hash(`${ruleId}\0${path}\0${enclosing === "" ? "" : `${enclosing}\0`}${normalised}\0${messageId}`);
}

/**
 * What a finding is about, independent of where it stands and of how the code is formatted: the rule,
 * the enclosing class/function names and the rule's subject (the relation, model and call that trigger
 * it, e.g. `DJP101 OrderView.get shop.models.Order.customer`). No path: code moved to another file keeps
 * its identity, so the diff-aware comparison (src/diff/blame.ts) can tell moved code from new code.
 * Line numbers, quotes, whitespace and argument edits do not change it.
 */
export function identityOf(ruleId: string, enclosing: string, subject: string): string {
  return hash(`${ruleId}\0${enclosing}\0${subject}`);
}

/**
 * What a finding looks like where it stands, without where that is: rule, message, model and the flagged
 * source folded for formatting. Code moved verbatim into another function or module, or a class renamed
 * around it, keeps it while its identity (which names the enclosing definitions) changes. Too loose to
 * tell two findings apart in one file; blame uses it only to match a head finding with a base finding
 * that no longer exists under its old names.
 */
export function movedIdentityOf(ruleId: string, messageId: string, model: string | undefined, flaggedSource: string): string {
  return hash(`${ruleId}\0${messageId}\0${model ?? ""}\0${normaliseSource(flaggedSource)}`);
}

/**
 * Source text folded so that what formatters change does not count: whitespace and line breaks,
 * quote style, trailing commas, and parentheses that only group (black and ruff add and remove them
 * around long expressions). Only used to compare texts, never shown.
 */
export function normaliseSource(text: string): string {
  return text
    .replace(/\s+/g, "")
    .replace(/'/g, '"')
    .replace(/,(?=[)\]}])/g, "")
    .replace(/[()]/g, "");
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
