/**
 * Makes a shallow checkout (actions/checkout's default fetch-depth 1) hold what `djperf diff` needs:
 * the base branch, the head commit and the history down to their merge base. It deepens step by step
 * and unshallows as a last resort, so a large repository fetches little.
 */
import { runGit } from "../git/run-git.js";

/** How far each fetch deepens before the next try; then the whole history. */
const DEEPEN_STEPS = [50, 200, 1000];

export interface HistoryLog {
  (line: string): void;
}

async function ok(dir: string, args: string[]): Promise<boolean> {
  return (await runGit(dir, args)).code === 0;
}

async function fetch(dir: string, args: string[], log: HistoryLog): Promise<void> {
  log(`git fetch ${args.join(" ")}`);
  const result = await runGit(dir, ["fetch", "--quiet", "--no-tags", ...args]);
  if (result.code !== 0) log(`  failed: ${result.stderr.trim().split("\n")[0] ?? ""}`);
}

/**
 * Ensures `origin/<base>` and `head` exist and share a merge base. Returns the ref to pass as
 * `--base`. Does nothing in a full clone that already has them.
 */
export async function ensureHistory(dir: string, base: string, head: string, log: HistoryLog, remote = "origin"): Promise<string> {
  const baseRef = `refs/remotes/${remote}/${base}`;
  const baseSpec = `+refs/heads/${base}:${baseRef}`;
  if (!(await ok(dir, ["rev-parse", "--verify", "--quiet", `${baseRef}^{commit}`]))) await fetch(dir, ["--depth=1", remote, baseSpec], log);
  if (!(await ok(dir, ["cat-file", "-e", `${head}^{commit}`]))) await fetch(dir, ["--depth=1", remote, head], log);
  const joined = (): Promise<boolean> => ok(dir, ["merge-base", baseRef, head]);
  if (await joined()) return `${remote}/${base}`;
  const shallow = (await runGit(dir, ["rev-parse", "--is-shallow-repository"])).stdout.toString("utf8").trim() === "true";
  if (!shallow) return `${remote}/${base}`; // unrelated histories: djperf diff explains
  const headSpec = /^[0-9a-f]{40,64}$/.test(head) ? [head] : [];
  for (const step of DEEPEN_STEPS) {
    await fetch(dir, [`--deepen=${step}`, remote, baseSpec, ...headSpec], log);
    if (await joined()) return `${remote}/${base}`;
  }
  await fetch(dir, ["--unshallow", remote, baseSpec, ...headSpec], log);
  return `${remote}/${base}`;
}
