/**
 * `--select` / `--ignore` (Ruff's flags): which rules run, by id (`DJP101`), prefix (`DJP5`, `DJP5*`)
 * or name (`lazy-relation-in-loop`), comma-separated or repeated. They win over the config file.
 */
import type { AnyRule } from "../analysis/rule.js";
import type { DjperfConfig } from "../config/schema.js";
import { UsageError } from "./io.js";

export interface Selection {
  select: readonly string[];
  ignore: readonly string[];
}

/** The selectors of repeated, comma-separated flags: `["DJP1,DJP5", "DJP201"]` → three. */
export function splitSelectors(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter((s) => s !== "");
}

export function selectorMatches(selector: string, rule: AnyRule): boolean {
  const s = selector.toUpperCase().replace(/\*$/, "");
  return rule.id.startsWith(s) || rule.name === selector.toLowerCase();
}

function matching(selectors: readonly string[], rules: readonly AnyRule[], flag: string): Set<string> {
  const ids = new Set<string>();
  for (const selector of selectors) {
    const hit = rules.filter((r) => selectorMatches(selector, r));
    if (hit.length === 0) throw new UsageError(`${flag} ${selector} matches no rule; see \`djperf rules\``);
    for (const r of hit) ids.add(r.id);
  }
  return ids;
}

/**
 * The rules to run and the config with every other rule off (so the compliance table does not count
 * them as checked). Without flags, both are returned unchanged.
 */
export function applySelection(config: DjperfConfig, rules: readonly AnyRule[], selection: Selection): { config: DjperfConfig; rules: readonly AnyRule[] } {
  if (selection.select.length === 0 && selection.ignore.length === 0) return { config, rules };
  const selected = selection.select.length > 0 ? matching(selection.select, rules, "--select") : new Set(rules.map((r) => r.id));
  for (const id of matching(selection.ignore, rules, "--ignore")) selected.delete(id);
  const off = rules.filter((r) => !selected.has(r.id));
  return {
    config: { ...config, rules: { ...config.rules, ...Object.fromEntries(off.map((r) => [r.id, "off" as const])) } },
    rules: rules.filter((r) => selected.has(r.id)),
  };
}
