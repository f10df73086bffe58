/** Builds an index from inline files, for focused cases that do not need a fixture directory. */
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import type { ProjectIndex } from "../../../src/analysis/index/types.js";

/** Strips the common indentation of a template literal, so Python sources can be indented in tests. */
export function py(strings: TemplateStringsArray): string {
  const raw = strings.join("");
  const lines = raw.replace(/^\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

export function indexFiles(files: Record<string, string>): Promise<ProjectIndex> {
  return buildProjectIndex(Object.entries(files).map(([path, text]) => ({ path, text })));
}
