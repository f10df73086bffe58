/** Loads a golden fixture project (test/fixtures/projects/<name>/) as index sources. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, relative, sep } from "node:path";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";

const PROJECTS = fileURLToPath(new URL("../../fixtures/projects/", import.meta.url));

export function loadProject(name: string): SourceText[] {
  const root = join(PROJECTS, name);
  const out: SourceText[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ path: relative(root, full).split(sep).join("/"), text: readFileSync(full, "utf8") });
    }
  };
  walk(root);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function indexProject(name: string): Promise<ProjectIndex> {
  return buildProjectIndex(loadProject(name));
}
