/**
 * Everything the CLI takes from its surroundings, injectable so tests run `main()` in-process: output
 * streams, terminal facts, environment, working directory, the rule registry and the package root.
 */
import type { AnyRule } from "../analysis/rule.js";
import { RULES } from "../../rules/index.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  rules: readonly AnyRule[];
  /** Folder holding djperf's package.json and rules/<rule>/README.md; found from this module when absent. */
  packageRoot?: string;
  /** Milliseconds, for deciding when a run is long enough to show progress. */
  now(): number;
}

/** A mistake in how djperf was called or in its input: printed as one line, exit code 2, no stack. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function defaultIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    rules: RULES,
    now: () => Date.now(),
  };
}
