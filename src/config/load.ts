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
  // Retry without the offending top-level keys, so one typo does not discard the whole file.
  if (typeof raw === "object" && !Array.isArray(raw)) {
    const pruned: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const issue of result.error.issues) {
      const top = issue.path[0];
      if (typeof top === "string") delete pruned[top];
      if (issue.code === "unrecognized_keys" && issue.path.length === 0) for (const k of issue.keys) delete pruned[k];
    }
    const retry = configSchema.safeParse(pruned);
    if (retry.success) return { config: retry.data, problems };
  }
  return { config: DEFAULT_CONFIG, problems };
}

export function parseConfigText(text: string, sourceName = "config"): LoadedConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { config: DEFAULT_CONFIG, problems: [{ path: "", message: `${sourceName} is not valid YAML: ${message}` }] };
  }
  if (raw !== null && raw !== undefined && (typeof raw !== "object" || Array.isArray(raw))) {
    return { config: DEFAULT_CONFIG, problems: [{ path: "", message: `${sourceName} must be a mapping of keys` }] };
  }
  return validateConfig(raw);
}

function issuesToProblems(issues: z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
      return { path: keys.join(", "), message: `unknown key${keys.length > 1 ? "s" : ""}` };
    }
    return { path, message: issue.message };
  });
}

export function formatProblem(p: ConfigProblem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}
