/**
 * Config for a CLI run: `--config FILE` when given (a missing file is a usage error), else
 * `.github/djperf.yml` from the analysed revision. Problems in the file are warnings; defaults apply.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { formatProblem, parseConfigText } from "../config/load.js";
import { configUnderPrefix } from "../config/rebase.js";
import { ruleReferenceProblems } from "../config/rule-references.js";
import { DEFAULT_CONFIG, type DjperfConfig } from "../config/schema.js";
import type { RepoSource } from "../pipeline/ports.js";
import { UsageError, type CliIo } from "./io.js";

/** Where the App and the CLI look for a config inside a repository. */
export const CONFIG_PATH = ".github/djperf.yml";

/**
 * A repository whose Django project sits in a subfolder: `dir` is the work tree's top, `prefix` the
 * project's folder in it (`backend`). Its `.github/djperf.yml` applies when the project has none.
 */
export interface EnclosingRepo {
  dir: string;
  prefix: string;
}

/** What the command line says about the config: `--config FILE`, `--strict-config`. */
export interface ConfigArgs {
  config?: string;
  strictConfig?: boolean;
}

export async function loadConfig(io: CliIo, args: ConfigArgs, source: RepoSource, enclosing?: EnclosingRepo): Promise<DjperfConfig> {
  const explicit = args.config;
  const strict = args.strictConfig === true;
  if (explicit !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, explicit), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === "ENOENT" ? `config file not found: ${explicit}` : `cannot read config file ${explicit} (${code ?? String(error)})`);
    }
    return configFromText(io, text, explicit, strict);
  }
  if (!(await source.listFiles()).includes(CONFIG_PATH)) {
    if (enclosing === undefined) return DEFAULT_CONFIG;
    const text = await readFile(join(enclosing.dir, CONFIG_PATH), "utf8").catch(() => undefined);
    if (text === undefined) return DEFAULT_CONFIG;
    // Its globs are written from the repository root; the project's files are named from the project.
    return configUnderPrefix(configFromText(io, text, CONFIG_PATH, strict), enclosing.prefix);
  }
  const content = (await source.readFiles([CONFIG_PATH])).get(CONFIG_PATH);
  if (!content?.ok) {
    io.stderr(`djperf: warning: ${CONFIG_PATH} ${content ? content.reason : "could not be read"}; using defaults\n`);
    return DEFAULT_CONFIG;
  }
  return configFromText(io, new TextDecoder().decode(content.bytes), CONFIG_PATH, strict);
}

/**
 * Validates the file, then checks its rule ids and options against the registered rules. Problems are
 * warnings (the defaults apply to what is wrong); with `--strict-config` they stop the run.
 */
function configFromText(io: CliIo, text: string, name: string, strict: boolean): DjperfConfig {
  const loaded = parseConfigText(text);
  const problems = [...loaded.problems, ...ruleReferenceProblems(loaded.config, io.rules)];
  const kind = strict ? "error" : "warning";
  for (const problem of problems) io.stderr(`djperf: ${kind}: ${name}: ${formatProblem(problem)}\n`);
  if (problems.length === 0) return loaded.config;
  if (strict) throw new UsageError(`${name} has ${problems.length} problem${problems.length === 1 ? "" : "s"} (--strict-config)`);
  if (loaded.problems.length > 0) io.stderr(`djperf: warning: ${name}: invalid settings ignored, defaults used for them\n`);
  return loaded.config;
}
