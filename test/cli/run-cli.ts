/** Runs `main()` in-process with captured output and the test rules, for CLI tests. */
import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";
import type { JsonReport } from "../../src/report/formats/json.js";
import { TEST_RULES } from "./test-rules.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], io: Partial<CliIo> & { cwd: string }): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    rules: TEST_RULES,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    ...io,
  });
  return { code, stdout, stderr };
}

/** Runs with `--format json` and parses the report. */
export async function runCliJson(argv: string[], io: Partial<CliIo> & { cwd: string }): Promise<CliRun & { report: JsonReport }> {
  const run = await runCli([...argv, "--format", "json"], io);
  if (run.code === 2) throw new Error(`djperf failed: ${run.stderr}`);
  return { ...run, report: JSON.parse(run.stdout) as JsonReport };
}

/** `path:line rule` of each finding, in report order: easy to compare. */
export function locations(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.path}:${f.line} ${f.rule}`);
}
