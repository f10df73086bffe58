import { createHash } from "node:crypto";

/**
 * A finding's identity across pushes: rule, path, the enclosing definitions (`Report.rows`), the
 * flagged source with whitespace folded, and the message id. No line numbers, so moving code does not
 * re-post a comment; the enclosing names keep two identical lines in different functions apart.
 */
export function fingerprintOf(ruleId: string, path: string, flaggedSource: string, messageId: string, enclosing = ""): string {
  const normalised = flaggedSource.replace(/\s+/g, " ").trim();
  return createHash("sha256").update(`${ruleId}\0${path}\0${enclosing === "" ? "" : `${enclosing}\0`}${normalised}\0${messageId}`).digest("hex").slice(0, 16);
}
