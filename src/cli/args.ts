/** Command-line parsing (node:util parseArgs) and the usage text. */
import { parseArgs } from "node:util";
import { FILTER_MODES, type FilterMode } from "../config/schema.js";
import { UsageError } from "./io.js";

export const COMMANDS = ["check", "diff", "baseline", "explain", "rules"] as const;
export type Command = (typeof COMMANDS)[number];

export const FORMATS = ["text", "json", "sarif", "github", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface CliArgs {
  command: Command | undefined;
  positionals: string[];
  format: Format;
  config?: string;
  /** Config problems (unknown keys, rule ids, options, bad YAML) stop the run instead of warning. */
  strictConfig: boolean;
  strict: boolean;
  color: boolean | undefined;
  help: boolean;
  version: boolean;
  repo?: string;
  base?: string;
  head?: string;
  paths: string[];
  filter?: FilterMode;
  /** `--fix`: apply fixes and write them; `--diff`: show them as a unified diff, write nothing. */
  fix: boolean;
  diff: boolean;
  unsafeFixes: boolean;
  /** `--baseline FILE`: findings recorded there are not reported (`baseline`: where to write them). */
  baseline?: string;
  /** `--select` / `--ignore` values as given (comma-separated lists, repeatable). */
  select: string[];
  ignore: string[];
  /** `--summary` (brief) or `--summary full`: append the rulebook compliance table. */
  summary?: "brief" | "full";
  /** `--cache-dir DIR`: where the index's per-file facts are kept between runs (default: the user cache). */
  cacheDir?: string;
  /** `--no-cache`: neither read nor write the facts cache on disk. */
  noCache: boolean;
  /** `--threads N`: analyse on N threads (default: one per core for large projects). */
  threads?: number;
}

const OPTIONS = {
  format: { type: "string", short: "f" },
  config: { type: "string", short: "c" },
  strict: { type: "boolean" },
  "strict-config": { type: "boolean" },
  "no-color": { type: "boolean" },
  color: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  repo: { type: "string" },
  base: { type: "string" },
  head: { type: "string" },
  paths: { type: "string", multiple: true },
  filter: { type: "string" },
  summary: { type: "string" },
  select: { type: "string", multiple: true },
  baseline: { type: "string" },
  fix: { type: "boolean" },
  diff: { type: "boolean" },
  "unsafe-fixes": { type: "boolean" },
  ignore: { type: "string", multiple: true },
  "cache-dir": { type: "string" },
  "no-cache": { type: "boolean" },
  threads: { type: "string" },
} as const;

/** Options only some commands take; the rest apply everywhere (and are ignored where meaningless). */
const COMMAND_ONLY: Record<string, readonly Command[]> = {
  repo: ["diff"],
  base: ["diff"],
  head: ["diff"],
  paths: ["diff"],
  filter: ["diff"],
  strict: ["check", "diff"],
  summary: ["check", "diff"],
  config: ["check", "diff"],
  "strict-config": ["check", "diff"],
  select: ["check", "diff"],
  fix: ["check"],
  diff: ["check"],
  "unsafe-fixes": ["check"],
  ignore: ["check", "diff"],
  "cache-dir": ["check", "diff", "baseline"],
  "no-cache": ["check", "diff", "baseline"],
  threads: ["check", "baseline"],
};

export const SUMMARY_MODES = ["brief", "full"] as const;

/** `--summary` takes an optional value: `--summary`, `--summary full`, `--summary=full`. */
function withSummaryValue(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg !== "--summary") {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && (SUMMARY_MODES as readonly string[]).includes(next)) {
      out.push(`--summary=${next}`);
      i++;
    } else out.push("--summary=brief");
  }
  return out;
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: withSummaryValue(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new UsageError(`${message.replace(/\. To specify a positional.*$/, "")}; see \`djperf --help\``);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  let command: Command | undefined;
  if (first !== undefined) {
    if (first === "help") return { ...defaults(), help: true };
    if (!(COMMANDS as readonly string[]).includes(first)) throw new UsageError(`unknown command "${first}"; see \`djperf --help\``);
    command = first as Command;
  }
  for (const [option, commands] of Object.entries(COMMAND_ONLY)) {
    if (values[option as keyof typeof values] !== undefined && command !== undefined && !commands.includes(command)) {
      throw new UsageError(`--${option} is not an option of \`djperf ${command}\``);
    }
  }
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}"; expected one of ${FORMATS.join(", ")}`);
  }
  if (format === "markdown" && command !== "explain") throw new UsageError("--format markdown is for `djperf explain`");
  if (values.summary !== undefined && !(SUMMARY_MODES as readonly string[]).includes(values.summary)) {
    throw new UsageError(`unknown summary mode "${values.summary}"; expected --summary or --summary full`);
  }
  if (values.summary !== undefined && format !== "text" && format !== "json") {
    throw new UsageError("--summary works with --format text or json");
  }
  if (values.threads !== undefined && !/^[1-9]\d{0,2}$/.test(values.threads)) throw new UsageError(`--threads takes a number of threads (1 to 999), not "${values.threads}"`);
  if (values.filter !== undefined && !(FILTER_MODES as readonly string[]).includes(values.filter)) {
    throw new UsageError(`unknown filter "${values.filter}"; expected one of ${FILTER_MODES.join(", ")}`);
  }
  return {
    command,
    positionals: rest,
    format: format as Format,
    ...(values.config !== undefined ? { config: values.config } : {}),
    strict: values.strict === true,
    strictConfig: values["strict-config"] === true,
    color: values["no-color"] === true ? false : values.color === true ? true : undefined,
    help: values.help === true,
    version: values.version === true,
    ...(values.repo !== undefined ? { repo: values.repo } : {}),
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values.head !== undefined ? { head: values.head } : {}),
    paths: values.paths ?? [],
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    fix: values.fix === true,
    diff: values.diff === true,
    unsafeFixes: values["unsafe-fixes"] === true,
    select: values.select ?? [],
    ignore: values.ignore ?? [],
    ...(values.filter !== undefined ? { filter: values.filter as FilterMode } : {}),
    ...(values.summary !== undefined ? { summary: values.summary as "brief" | "full" } : {}),
    ...(values["cache-dir"] !== undefined ? { cacheDir: values["cache-dir"] } : {}),
    noCache: values["no-cache"] === true,
    ...(values.threads !== undefined ? { threads: Number(values.threads) } : {}),
  };
}

function defaults(): CliArgs {
  return { command: undefined, positionals: [], format: "text", strict: false, strictConfig: false, fix: false, diff: false, unsafeFixes: false, noCache: false, select: [], ignore: [], color: undefined, help: false, version: false, paths: [] };
}

export const USAGE = `djperf: Django performance review for files and diffs

Usage:
  djperf check [PATHS...]            analyse whole files or folders (default: .)
  djperf diff --base REF [--head REF] [--repo DIR] [--paths P]... [--filter MODE]
                                     analyse the .py files changed from the merge base of
                                     REF and --head (default HEAD) to --head, reporting
                                     findings the change caused
  djperf baseline [PATHS...]         record today's findings in a baseline file
                                     (--baseline FILE, default .djperf-baseline.json
                                     at the repository root); later runs with
                                     --baseline report only new findings
  djperf explain RULE                print a rule's documentation (id or name)
  djperf rules                       list the rules

Options:
  -f, --format FORMAT   text (default), json, sarif, github; explain: text or markdown
  -c, --config FILE     YAML config; default: .github/djperf.yml in the project root
                        (check) or in the head commit (diff)
      --strict          exit 1 on any finding, not only on blocking ones
      --strict-config   stop (exit 2) on config problems instead of warning
      --baseline FILE   check, diff: leave out findings recorded in FILE (written
                                     by \`djperf baseline\`; a missing FILE is written by check)
      --fix             check: apply safe fixes to the files, then report what is left
      --diff            check: print the fixes as a unified diff, change nothing
      --unsafe-fixes    check: with --fix or --diff, also apply fixes marked unsafe
      --select RULES    check, diff: run only these rules: ids, prefixes (DJP5) or
                        names, comma-separated or repeated
      --ignore RULES    check, diff: do not run these rules
      --no-color        plain text output (also: NO_COLOR=1)
      --cache-dir DIR   check, diff: keep the project index's per-file facts here
                        between runs (default: $XDG_CACHE_HOME/djperf or ~/.cache/djperf)
      --no-cache        check, diff: do not read or write that cache
      --threads N       check: analyse on N threads (default 1); the report is
                        the same as on one thread
      --repo DIR        diff: repository (work tree or bare; default: .)
      --paths P         diff: only changed files under P (repeatable)
      --filter MODE     diff: added (default), context, file or all
      --summary [full]  check, diff: add the rulebook compliance table (which DO,
                        DON'T and checklist items the code follows); "full" gives
                        every item its own row
  -h, --help            this help
  -V, --version         the djperf version

Exit codes: 0 no blocking finding, 1 a blocking finding (any finding with --strict),
2 usage or internal error. Set DJPERF_DEBUG=1 for stack traces of internal errors.
`;
