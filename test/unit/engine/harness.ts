/**
 * Test-only rules and a one-call way to run the engine on a snippet. The rules are deliberately
 * trivial (they flag calls by name) so that the tests exercise the engine, not rule logic.
 */
import type { FileAnalysis } from "../../../src/analysis/engine.js";
import { analyseFile } from "../../../src/analysis/engine.js";
import { createDjangoFacts } from "../../../src/analysis/django/facts.js";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { defineRule, type AnyRule, type RuleDefinition } from "../../../src/analysis/rule.js";
import { parseConfigText } from "../../../src/config/load.js";
import { DEFAULT_CONFIG, type DjperfConfig } from "../../../src/config/schema.js";
import { parseFile } from "../../../src/pipeline/run-analysis.js";

const CALLS = "(call function: (identifier) @fn) @call";

/** A rule that reports every call of the function `fn` (the whole call, message id `call`). */
export function callRule(id: string, fn: string, extra: Partial<RuleDefinition<Record<string, unknown>>> = {}): AnyRule {
  return defineRule<Record<string, unknown>>({
    id,
    name: `${fn}-call`,
    category: "orm",
    status: "preview",
    level: "warn",
    confidence: "high",
    fix: "never",
    target: "python",
    summary: `flags calls of ${fn}()`,
    messages: { call: "call of {{name}}()" },
    query: CALLS,
    check(ctx) {
      for (const m of ctx.matches()) {
        const name = m.captures.fn?.[0];
        const call = m.captures.call?.[0];
        if (name?.text === fn && call) ctx.report({ node: call, messageId: "call", data: { name: fn } });
      }
    },
    ...extra,
  });
}

export function configOf(yaml: string): DjperfConfig {
  const { config, problems } = parseConfigText(yaml);
  if (problems.length > 0) throw new Error(`test config is invalid: ${JSON.stringify(problems)}`);
  return config;
}

export async function analyse(
  path: string,
  text: string,
  rules: readonly AnyRule[],
  config: DjperfConfig = DEFAULT_CONFIG,
): Promise<FileAnalysis> {
  const file = parseFile(path, text);
  const index = await buildProjectIndex([]);
  return analyseFile({ file, index, django: createDjangoFacts(file, index), rules, config });
}
