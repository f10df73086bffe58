/**
 * Runs git with argument arrays (never a shell) and turns its failures into one-line GitErrors the
 * CLI can print as they are.
 */
import { execFile } from "node:child_process";

/** A failure the user can act on (not a repository, unknown revision); printed without a stack. */
export class GitError extends Error {
  override readonly name = "GitError";
}

/** Large diffs and trees arrive on stdout in one piece; the default 1 MB would cut them off. */
const MAX_BUFFER = 1024 * 1024 * 1024;

/**
 * The environment for git children: variables a git hook or a surrounding repository sets (GIT_DIR,
 * GIT_INDEX_FILE…) would redirect our commands to another repository, so they are removed. LC_ALL=C
 * keeps messages in English, which errors rely on.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
  for (const name of Object.keys(env)) {
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|PREFIX|COMMON_DIR|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM)$/.test(name)) {
      delete env[name];
    }
  }
  return env;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs `git -C dir ...args`; resolves with the exit code instead of throwing on a non-zero exit. */
export function runGit(dir: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-C", dir, ...args],
      { encoding: "buffer", maxBuffer: MAX_BUFFER, env: gitEnv(), windowsHide: true },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString("utf8");
        if (error && typeof error.code === "string") {
          reject(
            error.code === "ENOENT"
              ? new GitError("git is not installed or not on PATH")
              : new GitError(`git ${args[0] ?? ""} failed: ${error.message.split("\n")[0]}`),
          );
          return;
        }
        resolve({ stdout, stderr: stderrText, code: error ? (typeof error.code === "number" ? error.code : 1) : 0 });
      },
    );
  });
}

/** Runs git and returns stdout as UTF-8 text; a non-zero exit becomes a GitError with git's own words. */
export async function gitText(dir: string, args: readonly string[]): Promise<string> {
  const result = await runGit(dir, args);
  if (result.code !== 0) throw new GitError(gitMessage(result.stderr, args));
  return result.stdout.toString("utf8");
}

/** git's first `fatal:`/`error:` line without its prefix, else its first line. */
export function gitMessage(stderr: string, args: readonly string[]): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  const main = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0];
  if (!main) return `git ${args[0] ?? ""} failed`;
  return main.replace(/^(fatal|error):\s*/, "");
}
