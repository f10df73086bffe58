/** What the engine produces and every reporter consumes. Pure data, serialisable as JSON. */
import type { Range } from "./positions.js";

export type Level = "block" | "warn" | "info";
export const LEVELS: readonly Level[] = ["block", "warn", "info"];
export const LEVEL_RANK: Record<Level, number> = { block: 3, warn: 2, info: 1 };

export interface TextEdit {
  /** 1-based, columns in UTF-16 code units; `end` is exclusive. */
  range: Range;
  newText: string;
}

export interface Fix {
  /** safe = provably behaviour-preserving (may become a suggestion block); unsafe = advice only. */
  safety: "safe" | "unsafe";
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

/**
 * How a finding relates to the pull request's diff (set by filterByDiff, refined by blameByBase):
 * `added` the change caused it; `existing` its code was touched but the same finding (same identity)
 * was already there at the merge base; `context` the change only touches a hunk around it; `file` it is
 * elsewhere in a changed file; `outside` its file did not change.
 */
export type DiffScope = "added" | "existing" | "context" | "file" | "outside";

/**
 * How much a finding costs, as far as the code shows: `high` for a table the config lists in
 * `large_models`; `low` when the loop is dominated by other I/O or walks a handful of rows (one parent's
 * children, a page slice, ids from the command line). Low-impact findings are reported at info.
 */
export interface Impact {
  level: "high" | "normal" | "low";
  /** One clause saying why (shown in the message of the finding). */
  reason?: string;
  /**
   * The table whose size decides (qualified model name), when nothing else did: a `low` finding over it
   * is raised when the project (src/analysis/django/table-size.ts) or `large_models` shows it is large.
   */
  walks?: string;
  /** The rows walked are those of one parent (`filter(user=request.user)`): only per-parent size evidence raises them. */
  oneParent?: boolean;
  /**
   * The cost is a sort of every row of `walks`: only evidence that the table holds very many rows raises it
   * (table-size.ts SizeEvidence.manyRows); one that only says "more than a select shows" does not.
   */
  manyRows?: boolean;
  /**
   * The parents (qualified model names) those rows hang from, when the code names them all: evidence that
   * one parent of another kind has many (one product's sales paginated) says nothing about these rows.
   */
  parents?: string[];
  /** Lines (1-based, inclusive) of the loop's iterable: a size trace there (its own `.iterator()`) does not count. */
  iterableLines?: [number, number];
  /**
   * What the size of `walks` decides: the rows a loop walks (default), or the whole table a query sorts or
   * scans (an ordering without an index costs nothing on a table of a few hundred rows).
   */
  of?: "loop" | "table";
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  level: Level;
  messageId: string;
  message: string;
  path: string;
  /** Where the finding is shown (the attribute, the call). */
  range: Range;
  /** The construct that causes it (the loop, the class, the chain): a diff touching it makes the PR its cause. */
  scope: Range;
  /**
   * Other constructs whose change also makes the PR the cause, e.g. the QuerySet definition a loop
   * walks (deleting its `select_related` creates the N+1 without touching the loop).
   */
  causes?: Range[];
  related: RelatedLocation[];
  fix?: Fix;
  /** ruleId + path + normalised source of the flagged lines + messageId; no line numbers. */
  fingerprint: string;
  /** Rule + enclosing definitions + subject, without path or source text (src/analysis/fingerprint.ts `identityOf`). */
  identity: string;
  /**
   * Rule + message + model + the flagged source folded (src/analysis/fingerprint.ts `movedIdentityOf`),
   * without path or enclosing names: the same code moved verbatim into another function, or standing in
   * a renamed class, keeps it. Blame's last resort for code the base had under other names.
   */
  movedIdentity?: string;
  /** Set by filterByDiff. */
  diff?: DiffScope;
  /** Estimated cost, when the rule could tell (loop rules). */
  impact?: Impact;
  /** The model the finding is about (qualified name), for `large_models`. */
  model?: string;
}

export type DiagnosticKind =
  | "parse-error"
  | "skipped"
  | "rule-crash"
  | "config"
  | "suppression"
  /** What the project index could not find (no model at all): why model rules stay silent. */
  | "index"
  | "internal";

/** Something the user should know that is not a finding: a file not analysed, a rule that crashed. */
export interface Diagnostic {
  kind: DiagnosticKind;
  message: string;
  path?: string;
  line?: number;
  ruleId?: string;
}

export interface AnalysisStats {
  files: number;
  lines: number;
  ms: number;
  /** Python files not analysed, by reason (`tests`, `sample and seed data`, `paths.exclude`, …). */
  excluded?: Record<string, number>;
  /**
   * The DRF graph: list views found, and how many of them the index could not resolve (queryset or
   * serializer unknown): those are silent for the DRF rules, never guessed. `reasons` counts by kind.
   */
  drf?: { listViews: number; unresolved: number; reasons: Record<string, number> };
  /** Python files meant to be analysed but not readable as source (binary, not UTF-8, too large, symlinks). */
  skipped?: number;
  /**
   * With `countWork` (tests, `npm run fuzz`): calls into the syntax-tree API made while analysing the
   * targets (facts, scopes, every rule), and the syntax nodes of those files. A deterministic count,
   * not a timer: `steps / nodes` stays flat as inputs grow unless some walk is super-linear.
   */
  work?: { steps: number; nodes: number };
}

/** What the rules examined, for the compliance table: which rules ran, found something to look at, or could not decide. */
export interface RuleCoverage {
  /** Rules that ran on at least one file. */
  ran: string[];
  /** Rules that examined something relevant (or reported a finding). */
  applicable: string[];
  /** Undecidable spots, one per rule and reason. */
  unverified: { ruleId: string; reason: string; topic?: string; path?: string }[];
}

export interface AnalysisResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
  stats: AnalysisStats;
  coverage?: RuleCoverage;
}
