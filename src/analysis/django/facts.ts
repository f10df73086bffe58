// PLACEHOLDER (being replaced by the Django helpers work): proves nothing, so every rule stays silent.
import type { ParsedFile } from "../source-file.js";
import type { ProjectIndex } from "../index/types.js";
import type { DjangoFacts } from "./types.js";

export function createDjangoFacts(file: ParsedFile, index: ProjectIndex): DjangoFacts {
  return {
    file,
    index,
    imports: new Map(),
    modelOf: () => undefined,
    querySetOf: () => undefined,
    coverage: () => ({ selectRelated: new Set(), selectsAll: false, prefetch: new Set(), valuesMode: false, mitigated: false, unknown: true }),
    instanceOf: () => undefined,
    relation: () => undefined,
    loops: () => [],
    enclosingLoops: () => [],
    contextOf: () => ({ view: false, serializer: false, etl: false, migration: false, test: false }),
  };
}
