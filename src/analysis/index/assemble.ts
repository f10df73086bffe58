/** Extracted module facts → ProjectIndex: every cross-module step, synchronous and pure. */
import type { RouteIndex } from "./routes.js";
import { Hierarchy } from "./ancestry.js";
import { Classifier } from "./classify.js";
import { buildDrfIndex, emptyDrfIndex } from "./drf/build.js";
import { buildCeleryIndex, type CeleryModuleInput } from "./celery.js";
import type { IndexContext } from "./context.js";
import type { ManyCall } from "./many-calls.js";
import type { ModuleFacts, ProjectFileFacts } from "./facts.js";
import { buildSettingsIndex } from "./settings/index.js";
import { deployedWorkerEvents } from "./settings/entry-points.js";
import { buildVersions } from "./versions.js";
import { AppLabels } from "./labels.js";
import { MetaReader } from "./meta.js";
import { buildModels } from "./models.js";
import type { Notes } from "./notes.js";
import { addReverseAccessors } from "./reverse.js";
import { authUserModelOf, userModelLabel } from "./settings.js";
import { addRegistrations, modelsWithSaveSignals } from "./signals.js";
import { Symbols } from "./symbols.js";
import type { ProjectIndex } from "./types.js";

export function assembleIndex(
  facts: readonly ModuleFacts[],
  modules: ReadonlySet<string>,
  notes: Notes,
  projectFiles: readonly ProjectFileFacts[] = [],
  celeryModules: readonly CeleryModuleInput[] = [],
  routes?: RouteIndex,
  manyCalls: readonly ManyCall[] = [],
  /** Packages with a `migrations/` folder of their own (apps, see AppLabels). */
  appPackages: ReadonlySet<string> = new Set(),
): Omit<ProjectIndex, "migrations" | "lookups" | "cacheKeys" | "uploadCaps"> {
  const symbols = new Symbols(facts, notes);
  const hierarchy = new Hierarchy(symbols);
  const classifier = new Classifier(hierarchy);
  const authUserModel = authUserModelOf(symbols.modules.values(), notes);
  const userModel = userModelLabel(symbols.modules.values(), authUserModel);
  const versions = buildVersions(projectFiles.flatMap((f) => f.versionSpecs));
  const ctx: IndexContext = {
    symbols,
    hierarchy,
    classifier,
    meta: new MetaReader(hierarchy, classifier),
    labels: new AppLabels(symbols.modules.values(), notes, appPackages),
    ...(authUserModel !== undefined ? { authUserModel } : {}),
    ...(userModel !== undefined ? { userModel } : {}),
    notes,
    ...(routes ? { routes } : {}),
    manyCalls,
    versions,
  };
  const { models, relations } = buildModels(ctx);
  addReverseAccessors(models, relations, notes);
  const withSignals = modelsWithSaveSignals(ctx, models);
  addRegistrations(ctx, models);
  const classes = new Set<string>();
  for (const pc of hierarchy.all()) classes.add(pc.qn);
  const settingsCode = facts.flatMap((f) => (f.settingsCode ? [{ module: f.module, path: f.path, isPackage: f.isPackage, statements: f.settingsCode }] : []));
  const refs = [...facts.flatMap((f) => f.settingsRefs ?? []), ...projectFiles.flatMap((f) => f.settingsRefs)];
  return {
    settings: buildSettingsIndex(settingsCode, refs, deployedWorkerEvents(projectFiles), projectFiles.flatMap((f) => f.composeServices ?? [])),
    versions,
    models,
    classes,
    modules,
    modelsWithSaveSignals: withSignals.models,
    globalSaveReceivers: withSignals.global,
    celery: buildCeleryIndex(celeryModules, modules),
    drf: buildDrf(ctx, models),
    authUserModel: ctx.authUserModel,
    ...(userModel !== undefined ? { userModel } : {}),
    resolveModelLabel: (label, fromModule) => (label === "self" ? undefined : ctx.labels.resolve(label, fromModule)),
    propertyRow: propertyRows(ctx, models),
    resolveQualified: (dotted) => {
      const r = symbols.resolveDotted(dotted);
      return r?.kind === "class" ? r.qn : undefined;
    },
    notes: notes.list(),
  };
}

/** A bug in the DRF graph must not cost the models: the graph is then empty and the note says why. */
function buildDrf(ctx: IndexContext, models: ProjectIndex["models"]): ProjectIndex["drf"] {
  try {
    return buildDrfIndex(ctx, models);
  } catch (error) {
    ctx.notes.add(`DRF graph not built: ${error instanceof Error ? error.message : String(error)}`);
    return emptyDrfIndex();
  }
}

/**
 * `propertyRow` of the index: the nearest definition of the name along the class's MRO decides (an
 * override that returns something else hides the mixin's row); its summary's model is resolved in the
 * module that defines it. Answers are memoised per class and name.
 */
function propertyRows(ctx: IndexContext, models: ProjectIndex["models"]): (classQn: string, name: string) => string | undefined {
  const memo = new Map<string, string | undefined>();
  return (classQn, name) => {
    const key = `${classQn}\0${name}`;
    if (memo.has(key)) return memo.get(key);
    let found: string | undefined;
    for (const c of ctx.hierarchy.get(classQn) ? ctx.hierarchy.mro(classQn) : []) {
      const pc = ctx.hierarchy.get(c);
      if (!pc || !(pc.cls.properties.includes(name) || pc.cls.methods.includes(name) || pc.cls.attrs.some((a) => a.name === name))) continue;
      const row = pc.cls.propertyRows?.[name];
      const r = row ? ctx.symbols.resolveIn(pc.mod, row.cls) : undefined;
      found = r?.kind === "class" && models.has(r.qn) ? r.qn : undefined;
      break;
    }
    memo.set(key, found);
    return found;
  };
}
