/**
 * Checks a valid config against the rules this djperf version has: a rule id that names no rule
 * (`DJP999: off`), a prefix that matches none, and rule options the rule does not take
 * (`block_in_view` for `block_in_views`) would otherwise be ignored without a word.
 */
import { z } from "zod";
import type { AnyRule } from "../analysis/rule.js";
import type { ConfigProblem } from "./load.js";
import { ruleIdMatches } from "./resolve.js";
import type { DjperfConfig, RuleSetting } from "./schema.js";

export function ruleReferenceProblems(config: DjperfConfig, rules: readonly AnyRule[]): ConfigProblem[] {
  const problems = tableProblems(config.rules, "rules", rules);
  config.overrides.forEach((o, i) => problems.push(...tableProblems(o.rules, `overrides.${i}.rules`, rules)));
  return problems;
}

function tableProblems(table: Record<string, RuleSetting>, at: string, rules: readonly AnyRule[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, setting] of Object.entries(table)) {
    const matched = rules.filter((r) => ruleIdMatches(key, r.id));
    if (matched.length === 0) {
      const message = key.endsWith("*") ? "matches no rule" : `no rule ${key} in this version of djperf (see \`djperf rules\`)`;
      problems.push({ path: `${at}.${key}`, message });
      continue;
    }
    if (typeof setting === "string" || setting.options === undefined) continue;
    for (const option of Object.keys(setting.options)) {
      // A prefix's options go to every rule it matches; an option is unknown when none of them takes it.
      if (matched.some((r) => optionNames(r).includes(option))) continue;
      const known = [...new Set(matched.flatMap(optionNames))].sort();
      const hint = known.length > 0 ? ` (options: ${known.join(", ")})` : ` (${key} takes no options)`;
      problems.push({ path: `${at}.${key}.options.${option}`, message: `unknown option${hint}` });
    }
  }
  return problems;
}

/** The keys of a rule's options schema, when it is an object schema. */
export function optionNames(rule: AnyRule): string[] {
  const schema = rule.options as unknown;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
