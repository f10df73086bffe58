/**
 * The `djperf` command line: `check`, `diff`, `explain`, `rules`. Exit codes: 0 no blocking finding,
 * 1 a blocking finding (any with --strict), 2 usage or internal error, always with a one-line message.
 */
import { GitError } from "../git/run-git.js";
import { resolve } from "node:path";
import { parseCliArgs, USAGE, type CliArgs } from "./args.js";
import { moduleFactsCache } from "../analysis/index/facts-cache.js";
import { DiskFactsStore, defaultCacheDir } from "./facts-store.js";
import { runCheck } from "./check.js";
import { runDiff } from "./diff.js";
import { defaultIo, UsageError, type CliIo } from "./io.js";
import { findPackageRoot, packageVersion } from "./package-info.js";
import { runExplain, runRulesList } from "./rules-info.js";

/** @param overrides replace parts of the real process surroundings (tests inject writers and rules). */
export async function main(argv: string[], overrides: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { ...defaultIo(), ...overrides };
  try {
    const args = parseCliArgs(argv);
    if (args.version) {
      io.stdout(`djperf ${packageVersion(io.packageRoot ?? findPackageRoot())}\n`);
      return 0;
    }
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    switch (args.command) {
      case undefined:
        throw new UsageError("missing command (check, diff, baseline, explain or rules); see `djperf --help`");
      case "check":
      case "baseline":
        useFactsCache(args, io);
        return await runCheck(args, io);
      case "diff":
        useFactsCache(args, io);
        return await runDiff(args, io);
      case "explain":
        return await runExplain(args, io);
      case "rules":
        return runRulesList(args, io);
    }
  } catch (error) {
    io.stderr(`${describeFailure(error, io.env.DJPERF_DEBUG)}\n`);
    return 2;
  }
}

/** The index's per-file facts are read back from disk (`--cache-dir`, default the user cache) unless `--no-cache`. */
function useFactsCache(args: CliArgs, io: CliIo): void {
  const root = args.cacheDir !== undefined ? resolve(io.cwd, args.cacheDir) : defaultCacheDir(io.env);
  // One run per process; in-process callers (tests) start afresh so that each run's folder gets its entries.
  moduleFactsCache.clear();
  moduleFactsCache.store = args.noCache ? null : new DiskFactsStore(root, packageVersion(io.packageRoot ?? findPackageRoot()));
}

/** User errors: their message. Anything else is djperf's fault: say so, and how to get the stack. */
function describeFailure(error: unknown, debug: string | undefined): string {
  if (error instanceof UsageError || error instanceof GitError) return `djperf: ${error.message}`;
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  if (debug !== undefined && debug !== "" && debug !== "0") {
    return `djperf: internal error: ${message}\n${error instanceof Error ? (error.stack ?? "") : ""}`;
  }
  return `djperf: internal error: ${message} (rerun with DJPERF_DEBUG=1 for the stack)`;
}
