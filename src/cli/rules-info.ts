/** `djperf explain RULE` (the rule's README, the page every comment links to) and `djperf rules`. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AnyRule } from "../analysis/rule.js";
import type { CliArgs } from "./args.js";
import { UsageError, type CliIo } from "./io.js";
import { findPackageRoot } from "./package-info.js";
import { useColor } from "./output.js";
import { renderMarkdownForTerminal } from "./terminal-markdown.js";

/** By id (any case) or by name. */
export function findRule(rules: readonly AnyRule[], key: string): AnyRule | undefined {
  const wanted = key.trim().toLowerCase();
  return rules.find((r) => r.id.toLowerCase() === wanted || r.name.toLowerCase() === wanted);
}

export async function runExplain(args: CliArgs, io: CliIo): Promise<number> {
  const [key, ...extra] = args.positionals;
  if (key === undefined) throw new UsageError("explain needs a rule id or name, e.g. `djperf explain DJP101`");
  if (extra.length > 0) throw new UsageError(`explain takes one rule, got ${args.positionals.length}`);
  const rule = findRule(io.rules, key);
  if (!rule) throw new UsageError(`unknown rule ${key}; see \`djperf rules\``);
  const folder = `${rule.id}-${rule.name}`;
  const file = join(io.packageRoot ?? findPackageRoot(), "rules", folder, "README.md");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UsageError(`${rule.id} has no documentation installed (rules/${folder}/README.md)`);
  }
  if (args.format === "markdown") io.stdout(text.endsWith("\n") ? text : `${text}\n`);
  else if (args.format === "text") io.stdout(renderMarkdownForTerminal(text, { color: useColor(args, io) }));
  else throw new UsageError(`djperf explain prints text or markdown, not ${args.format}`);
  return 0;
}

export function runRulesList(args: CliArgs, io: CliIo): number {
  const rules = [...io.rules].sort((a, b) => a.id.localeCompare(b.id));
  if (args.format === "json") {
    const rows = rules.map((r) => ({ id: r.id, name: r.name, category: r.category, level: r.level, status: r.status, summary: r.summary }));
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (args.format !== "text") throw new UsageError(`djperf rules prints text or json, not ${args.format}`);
  if (rules.length === 0) {
    io.stdout("no rules registered\n");
    return 0;
  }
  const rows = [["ID", "NAME", "LEVEL", "STATUS", "SUMMARY"], ...rules.map((r) => [r.id, r.name, r.level, r.status, r.summary])];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((row) => row[col]!.length)));
  const lines = rows.map((row) => row.map((cell, col) => (col < 4 ? cell.padEnd(widths[col]!) : cell)).join("  ").trimEnd());
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
