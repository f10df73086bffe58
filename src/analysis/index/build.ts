// PLACEHOLDER (being replaced by the ProjectIndex builder work): an index that knows no models.
import type { SourceText } from "../source-file.js";
import type { ProjectIndex } from "./types.js";

export async function buildProjectIndex(_sources: Iterable<SourceText>): Promise<ProjectIndex> {
  return {
    models: new Map(),
    classes: new Set(),
    modules: new Set(),
    modelsWithSaveSignals: new Set(),
    resolveModelLabel: () => undefined,
    resolveQualified: () => undefined,
    notes: [],
  };
}
