/**
 * The GitHub Action's entry point (action.yml runs dist/src/action/main.js): reads the inputs, makes
 * the shallow checkout hold the merge base, runs `djperf diff` on the pull request (or `djperf check`
 * without a base, e.g. on push), prints annotations, writes SARIF when asked, sets the outputs and
 * exits by `fail-on`. Everything it needs is injectable so the suite runs it against a local repository.
 */
import { appendFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { CliIo } from "../cli/io.js";
import { main } from "../cli/main.js";
import { ensureHistory } from "./history.js";

export interface ActionIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Replaces parts of the CLI's surroundings (tests inject rules). */
  cli?: Partial<CliIo>;
}

export const FAIL_ON = ["block", "any", "never"] as const;

/** An input as action.yml passes it (`INPUT_<NAME>`, upper case, `-` kept as `_`). */
function input(env: ActionIo["env"], name: string): string {
  return (env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`] ?? "").trim();
}

async function djperf(argv: string[], cwd: string, io: ActionIo): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const code = await main(argv, { cwd, env: io.env, stdoutIsTTY: false, stderrIsTTY: false, stdout: (t) => void (stdout += t), stderr: io.stderr, ...io.cli });
  return { code, stdout };
}

export async function runAction(io: ActionIo): Promise<number> {
  const { env } = io;
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), input(env, "working-directory") || ".");
  const failOn = input(env, "fail-on") || "block";
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    io.stderr(`djperf: fail-on must be one of ${FAIL_ON.join(", ")}, not "${failOn}"\n`);
    return 2;
  }
  const base = input(env, "base") || (env.GITHUB_BASE_REF ?? "");
  const head = input(env, "head") || "HEAD";
  const shared = [
    ...(input(env, "config") ? ["--config", input(env, "config")] : []),
    ...(input(env, "baseline") ? ["--baseline", input(env, "baseline")] : []),
    ...(failOn === "any" ? ["--strict"] : []),
  ];
  let command: string[];
  if (base !== "") {
    const baseRef = await ensureHistory(workspace, base, head, (line) => io.stderr(`djperf: ${line}\n`));
    const paths = input(env, "paths").split(/\s+/).filter((p) => p !== "");
    command = ["diff", "--base", baseRef, "--head", head, ...paths.flatMap((p) => ["--paths", p])];
  } else {
    io.stderr("djperf: no base branch (not a pull_request event and no `base` input): checking the whole project\n");
    command = ["check", ...input(env, "paths").split(/\s+/).filter((p) => p !== "")];
  }

  const annotations = await djperf([...command, ...shared, "--format", "github"], workspace, io);
  io.stdout(annotations.stdout);
  const findings = annotations.stdout.split("\n").filter((l) => l.startsWith("::")).length;
  const sarifFile = input(env, "sarif-file");
  if (sarifFile !== "" && annotations.code !== 2) {
    const sarif = await djperf([...command, ...shared, "--format", "sarif"], workspace, io);
    if (sarif.code !== 2) await writeFile(resolve(workspace, sarifFile), sarif.stdout, "utf8");
  }
  if (env.GITHUB_OUTPUT) {
    await appendFile(env.GITHUB_OUTPUT, `findings=${findings}\nexit-code=${annotations.code}\n${sarifFile !== "" ? `sarif-file=${resolve(workspace, sarifFile)}\n` : ""}`);
  }
  if (annotations.code === 2) return 2;
  return failOn === "never" ? 0 : annotations.code;
}
