/**
 * The fuzz properties (issue 12): on any input the analysis, the diff parser, the command parser and
 * the config loader do not throw; no rule crashes; every finding lies inside its file; the output is
 * deterministic; no hang: the analysis work (calls into the syntax-tree API, counted by
 * src/analysis/work-counter.ts, not timed) stays within WORK_PER_NODE steps per syntax node of the file,
 * plus a fixed WORK_BASE. A walk that revisits the tree per node breaks the bound as the input grows.
 */
import { runAnalysis } from "../../src/pipeline/run-analysis.js";
import type { FileContent, RepoSource } from "../../src/pipeline/ports.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { parseConfigText, validateConfig } from "../../src/config/load.js";
import { parseCommand } from "../../src/commands/parse.js";
import { parsePatchLines, parseUnifiedDiff } from "../../src/diff/parse.js";
import { RULES } from "../../rules/index.js";
import fc from "fast-check";
import { commandArbitrary, configArbitrary, diffArbitrary, type SourceCase } from "./arbitraries.js";

const MODELS = `from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    f0 = models.IntegerField()
`;

const TARGET = "shop/views.py";

class MemorySource implements RepoSource {
  constructor(private readonly files: Record<string, Uint8Array>) {}
  async listFiles(): Promise<string[]> {
    return Object.keys(this.files);
  }
  async readFiles(paths: readonly string[]): Promise<Map<string, FileContent>> {
    return new Map(paths.map((p): [string, FileContent] => [p, this.files[p] ? { ok: true, bytes: this.files[p] } : { ok: false, reason: "missing" }]));
  }
}

/**
 * The work bound. The rule fixtures (real Django code, every rule firing) take at most 16 steps per
 * node, median 3 (measured at this commit); a quadratic walk passes 40 within a few hundred nodes.
 * The base covers the fixed cost per file (queries, facts) on files of a few nodes.
 */
export const WORK_PER_NODE = 40;
export const WORK_BASE = 2_000;

/** The analysis work on one file: steps counted, syntax nodes of the file. */
export async function workOf(bytes: Uint8Array): Promise<{ steps: number; nodes: number }> {
  const result = await analyse(bytes, true);
  return result.stats.work ?? { steps: 0, nodes: 0 };
}

function analyse(bytes: Uint8Array, countWork = false) {
  const source = new MemorySource({ "shop/__init__.py": new Uint8Array(), "shop/models.py": new TextEncoder().encode(MODELS), [TARGET]: bytes });
  return runAnalysis({ source, targets: [TARGET], config: DEFAULT_CONFIG, rules: RULES, countWork });
}

/** The work-bound violation of an analysis, if any. */
export function overWorkBound(work: { steps: number; nodes: number } | undefined): string | undefined {
  if (!work) return undefined;
  const bound = WORK_PER_NODE * work.nodes + WORK_BASE;
  return work.steps > bound ? `work ${work.steps} steps is over ${WORK_PER_NODE} × ${work.nodes} nodes + ${WORK_BASE} (${(work.steps / Math.max(1, work.nodes)).toFixed(1)} per node): a super-linear walk` : undefined;
}

/**
 * Violations of the properties for one source file; empty when all hold. `workBound: false` leaves out
 * the work property (for shapes with a known super-linear path, test/fuzz/fuzz.test.ts).
 */
export async function checkSource(bytes: Uint8Array, options: { workBound?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  let first;
  try {
    first = await analyse(bytes, options.workBound !== false);
  } catch (error) {
    return [`runAnalysis threw: ${error instanceof Error ? error.stack : String(error)}`];
  }
  const overWork = overWorkBound(first.stats.work);
  if (overWork !== undefined) problems.push(overWork);
  for (const d of first.diagnostics) {
    if (d.kind === "rule-crash" || d.kind === "internal") problems.push(`${d.kind} ${d.ruleId ?? ""}: ${d.message.slice(0, 300)}`);
  }
  // Lines as the analysis counts them (\r\n, \r and \n all end a line).
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const f of first.findings) {
    const { start, end } = f.range;
    const inside = f.path === TARGET ? start.line >= 1 && start.column >= 1 && end.line >= start.line && end.line <= lineCount + 1 : true;
    if (!inside) problems.push(`${f.ruleId} finding outside its file: ${JSON.stringify(f.range)} (${lineCount} lines)`);
  }
  const second = await analyse(bytes);
  const key = (r: typeof first) => JSON.stringify(r.findings.map((f) => [f.ruleId, f.path, f.range, f.message, f.fingerprint]));
  if (key(first) !== key(second)) problems.push("two runs on the same input gave different findings");
  return problems;
}

export function checkDiff(text: string): string[] {
  try {
    const a = JSON.stringify(parseUnifiedDiff(text));
    const lines = text.split("\n").filter((l) => !/^(diff|---|\+\+\+) /.test(l)).join("\n");
    parsePatchLines(lines);
    return a === JSON.stringify(parseUnifiedDiff(text)) ? [] : ["parseUnifiedDiff is not deterministic"];
  } catch (error) {
    return [`diff parser threw: ${error instanceof Error ? error.message : String(error)}`];
  }
}

export function checkCommand(body: string): string[] {
  try {
    const a = JSON.stringify(parseCommand(body));
    return a === JSON.stringify(parseCommand(body)) ? [] : ["parseCommand is not deterministic"];
  } catch (error) {
    return [`parseCommand threw: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** A config as `.github/djperf.yml` text, or as the value its YAML parsed to. */
export function checkConfig(input: unknown): string[] {
  try {
    const loaded = typeof input === "string" ? parseConfigText(input) : validateConfig(input);
    return loaded.config ? [] : ["the config loader returned no config"];
  } catch (error) {
    return [`the config loader threw: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** Throws the violations, so fast-check reports them next to the shrunk counterexample. */
function holds(problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

/**
 * The properties as fast-check properties: one definition for the suite (fixed seed, few runs) and
 * `npm run fuzz` (any seed, many runs, larger sizes). `budgetMs` adds a time check per file, a backstop
 * to the work bound (a count, the same on every machine) for the long run only.
 */
export function sourceProperty(cases: fc.Arbitrary<SourceCase>, budgetMs?: number) {
  return fc.asyncProperty(cases, async (c) => {
    const started = Date.now();
    const problems = await checkSource(c.bytes);
    const ms = Date.now() - started;
    if (budgetMs !== undefined && ms > budgetMs) problems.push(`took ${ms} ms, over the ${budgetMs} ms budget (a hang)`);
    holds(problems);
  });
}

export const diffProperty = (scale = 1) => fc.property(diffArbitrary(scale), (text) => holds(checkDiff(text)));
export const commandProperty = (scale = 1) => fc.property(commandArbitrary(scale), (body) => holds(checkCommand(body)));
export const configProperty = (scale = 1) => fc.property(configArbitrary(scale), (config) => holds(checkConfig(config)));
