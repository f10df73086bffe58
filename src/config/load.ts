/** Parses config text (YAML or JSON) into a validated config plus human-readable problems. */
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { configSchema, DEFAULT_CONFIG, type DjperfConfig } from "./schema.js";

export interface ConfigProblem {
  /** Dotted key path, e.g. `rules.DJP101.level`; empty for the whole file. */
  path: string;
  message: string;
}

export interface LoadedConfig {
  config: DjperfConfig;
  problems: ConfigProblem[];
}

/**
 * Validates a parsed object. Invalid keys are reported and dropped one by one so that the rest of the
 * file still applies; when that cannot be done the defaults are used.
 */
export function validateConfig(raw: unknown): LoadedConfig {
  if (raw === null || raw === undefined) return { config: DEFAULT_CONFIG, problems: [] };
  const result = configSchema.safeParse(raw);
  if (result.success) return { config: result.data, problems: [] };
  const problems = issuesToProblems(result.error.issues);
  if (isMapping(raw)) {
    // Retry without the offending entries (one bad rule keeps the other rules), then, if the file is
    // still invalid, without the offending top-level sections.
    for (const prune of [withoutEntries, withoutSections]) {
      const retry = configSchema.safeParse(prune(raw, result.error.issues));
      if (retry.success) return { config: retry.data, problems };
    }
  }
  return { config: DEFAULT_CONFIG, problems };
}

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

function isMapping(value: unknown): value is Record<Key, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The paths an issue condemns: the offending value, or each unknown key. */
function offendingPaths(issue: Issue): Key[][] {
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => [...issue.path, k]);
  return [[...issue.path]];
}

const REMOVED = Symbol("removed");

function withoutEntries(raw: Record<Key, unknown>, issues: readonly Issue[]): unknown {
  let copy: Record<Key, unknown>;
  try {
    copy = structuredClone(raw);
  } catch {
    return raw; // not plain data (never from YAML): leave it to the section-level retry
  }
  for (const path of issues.flatMap(offendingPaths)) {
    if (path.length === 0) continue;
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = isMapping(parent) || Array.isArray(parent) ? (parent as Record<Key, unknown>)[key] : undefined;
    const last = path[path.length - 1]!;
    // Array items are marked, not deleted, so that the indexes of later issues stay right.
    if (Array.isArray(parent) && typeof last === "number") parent[last] = REMOVED;
    else if (isMapping(parent)) delete parent[last];
  }
  return dropRemoved(copy);
}

function dropRemoved(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== REMOVED).map(dropRemoved);
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dropRemoved(v)]));
  return value;
}

function withoutSections(raw: Record<Key, unknown>, issues: readonly Issue[]): unknown {
  const pruned = { ...raw };
  for (const path of issues.flatMap(offendingPaths)) if (path[0] !== undefined) delete pruned[path[0]];
  return pruned;
}

/**
 * `not valid YAML at line 3, column 1: All mapping items must start at the same column`, then the
 * offending line, so the mistake can be found without a YAML linter. The caller names the file.
 */
export function yamlErrorMessage(text: string, error: unknown): string {
  const first = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  if (pos === undefined) return `not valid YAML: ${first}`;
  const reason = first.replace(/ at line \d+, column \d+:?$/, "");
  const line = text.split(/\r?\n/)[pos.line - 1] ?? "";
  return `not valid YAML at line ${pos.line}, column ${pos.col}: ${reason}\n    ${pos.line} | ${line}`;
}

export function parseConfigText(text: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { config: DEFAULT_CONFIG, problems: [{ path: "", message: yamlErrorMessage(text, error) }] };
  }
  if (raw !== null && raw !== undefined && (typeof raw !== "object" || Array.isArray(raw))) {
    return { config: DEFAULT_CONFIG, problems: [{ path: "", message: `must be a mapping of keys, not ${Array.isArray(raw) ? "a list" : `a ${typeof raw}`}` }] };
  }
  return validateConfig(raw);
}

function issuesToProblems(issues: readonly Issue[]): ConfigProblem[] {
  return issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const keys = offendingPaths(issue).map((p) => p.map(String).join("."));
      return { path: keys.join(", "), message: `unknown key${keys.length > 1 ? "s" : ""}` };
    }
    const { path, message } = innermost(issue);
    return { path: path.map(String).join("."), message };
  });
}

/**
 * The most specific explanation of an issue. A union (a rule setting is a level or an object) says
 * only "Invalid input": the alternative that got deepest into the value says what is wrong.
 */
function innermost(issue: Issue): { path: Key[]; message: string } {
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const depth = (branch: Issue[]): number => Math.max(-1, ...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    const inner = best[0];
    if (inner) {
      const nested = innermost(inner);
      return { path: [...issue.path, ...nested.path], message: nested.message };
    }
  }
  if (issue.code === "invalid_key" && issue.issues[0]) return { path: [...issue.path], message: issue.issues[0].message };
  return { path: [...issue.path], message: issue.message };
}

export function formatProblem(p: ConfigProblem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}
