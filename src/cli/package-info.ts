/**
 * Finds djperf's own package folder (for rule READMEs and the version) by walking up from this module
 * to the package.json named "djperf": the same answer from src/ (vitest, tsx) and from dist/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | undefined;

export function findPackageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  const from = dirname(fileURLToPath(import.meta.url));
  for (let dir = from; ; dir = dirname(dir)) {
    if (readPackageJson(dir)?.name === "djperf") return (cachedRoot = dir);
    if (dirname(dir) === dir) throw new Error(`cannot find djperf's package.json above ${from}`);
  }
}

export function packageVersion(root: string): string {
  const version = readPackageJson(root)?.version;
  return typeof version === "string" ? version : "0.0.0";
}

function readPackageJson(dir: string): { name?: unknown; version?: unknown } | undefined {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
