/**
 * Baseline for `djperf check` timings: reads and parses every .py file under DIR with tree-sitter and
 * nothing else, so a whole-repo check can be compared with the cost of parsing alone.
 *   npx tsx scripts/parse-baseline.ts DIR
 */
import { readdirSync, readFileSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parsePython } from "../src/analysis/parser.js";

const SKIP = new Set([".git", "node_modules", ".venv", "venv", "__pycache__"]);

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = join(dir, name);
    const st = lstatSync(full);
    if (st.isDirectory()) pythonFiles(full, out);
    else if (st.isFile() && name.endsWith(".py")) out.push(full);
  }
  return out;
}

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: npx tsx scripts/parse-baseline.ts DIR\n");
  process.exit(2);
}
const started = performance.now();
const files = pythonFiles(dir);
let lines = 0;
let nodes = 0;
for (let i = 0; i < files.length; i++) {
  const text = readFileSync(files[i]!, "utf8");
  lines += text.split("\n").length;
  nodes += parsePython(text).rootNode.descendantCount;
  if (i % 50 === 49) await yieldToEventLoop();
}
const ms = Math.round(performance.now() - started);
const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${files.length} files, ${lines} lines, ${nodes} nodes parsed in ${ms} ms; peak RSS ${rssMb} MB\n`);
