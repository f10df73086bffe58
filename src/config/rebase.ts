/**
 * A config written for a whole repository, applied to a project in one of its folders (`backend/`):
 * its path globs are moved so they match paths named from that folder.
 */
import type { DjperfConfig } from "./schema.js";

/**
 * `backend/legacy/**` → `legacy/**`; a glob starting with `**` matches at any depth and stays; any
 * other glob names something outside the project and is dropped (it cannot match there).
 */
export function globUnderPrefix(glob: string, prefix: string): string | undefined {
  if (prefix === "") return glob;
  if (glob.startsWith("**")) return glob;
  const head = `${prefix}/`;
  return glob.startsWith(head) ? glob.slice(head.length) : undefined;
}

function globsUnder(globs: readonly string[], prefix: string): string[] {
  return globs.flatMap((g) => globUnderPrefix(g, prefix) ?? []);
}

export function configUnderPrefix(config: DjperfConfig, prefix: string): DjperfConfig {
  if (prefix === "") return config;
  return {
    ...config,
    paths: { ...config.paths, include: globsUnder(config.paths.include, prefix), exclude: globsUnder(config.paths.exclude, prefix) },
    overrides: config.overrides.flatMap((o) => {
      const paths = globsUnder(o.paths, prefix);
      return paths.length === 0 ? [] : [{ ...o, paths }];
    }),
  };
}
