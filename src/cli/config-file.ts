/**
 * Config for a CLI run: `--config FILE` when given (a missing file is a usage error), else
 * `.github/djperf.yml` from the analysed revision. Problems in the file are warnings; defaults apply.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { formatProblem, parseConfigText } from "../config/load.js";
import { configUnderPrefix } from "../config/rebase.js";
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

export async function loadConfig(io: CliIo, explicit: string | undefined, source: RepoSource, enclosing?: EnclosingRepo): Promise<DjperfConfig> {
  if (explicit !== undefined) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, explicit), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === "ENOENT" ? `config file not found: ${explicit}` : `cannot read config file ${explicit} (${code ?? String(error)})`);
    }
    return configFromText(io, text, explicit);
  }
  if (!(await source.listFiles()).includes(CONFIG_PATH)) {
    if (enclosing === undefined) return DEFAULT_CONFIG;
    const text = await readFile(join(enclosing.dir, CONFIG_PATH), "utf8").catch(() => undefined);
    if (text === undefined) return DEFAULT_CONFIG;
    // Its globs are written from the repository root; the project's files are named from the project.
    return configUnderPrefix(configFromText(io, text, CONFIG_PATH), enclosing.prefix);
  }
  const content = (await source.readFiles([CONFIG_PATH])).get(CONFIG_PATH);
  if (!content?.ok) {
    io.stderr(`djperf: warning: ${CONFIG_PATH} ${content ? content.reason : "could not be read"}; using defaults\n`);
    return DEFAULT_CONFIG;
  }
  return configFromText(io, new TextDecoder().decode(content.bytes), CONFIG_PATH);
}

function configFromText(io: CliIo, text: string, name: string): DjperfConfig {
  const { config, problems } = parseConfigText(text, name);
  for (const problem of problems) io.stderr(`djperf: warning: ${name}: ${formatProblem(problem)}\n`);
  if (problems.length > 0) io.stderr(`djperf: warning: ${name}: invalid settings ignored, defaults used for them\n`);
  return config;
}
