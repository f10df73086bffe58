/**
 * Builds the ProjectIndex from source texts (DESIGN §1), purely: parse only the files that can
 * matter, read their facts, drop the trees, then resolve models across modules.
 *
 * `readModuleFacts` is the per-file unit (a function of path and text only), so its result can be
 * cached per blob sha.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { parsePython } from "../parser.js";
import { isMigrationHistoryPath, isMigrationPath, moduleNameOf, type SourceText } from "../source-file.js";
import { assembleIndex } from "./assemble.js";
import { BUILTIN_MODEL_SOURCES } from "./builtin-models.js";
import { extractModuleFacts, type ParsedModule } from "./extract.js";
import { CELERY_TEXT, extractCeleryFacts, queuingCommandModule } from "./extract-celery.js";
import type { CeleryModuleFacts } from "./celery-facts.js";
import { emptyCeleryIndex, type CeleryModuleInput } from "./celery.js";
import type { ModuleFacts, ProjectFileFacts } from "./facts.js";
import { deployedWorkerEvents, entryKindOf, isSettingsReferenceFile, isShellScript, scriptsRun, settingsModuleRefs, workerEventLines } from "./settings/entry-points.js";
import { composeServices } from "./settings/compose.js";
import { buildSettingsIndex } from "./settings/index.js";
import { buildVersions, isDependencyFile, readVersionSpecs } from "./versions.js";
import { Notes } from "./notes.js";
import { emptyDrfIndex } from "./drf/build.js";
import { isCeleryAppPath, isCeleryPath, isDrfPath, isModelSidePath, isSettingsPath, isTestCodePath } from "./select.js";
import type { ProjectIndex } from "./types.js";
import { CALLS_KIND, CACHE_KEYS_KIND, LOOKUPS_KIND, MIGRATION_KIND, UPLOAD_CAPS_KIND, moduleFactsCache, moduleKind, type FactsKey, type MigrationFactsResult, type ModuleFactsCache } from "./facts-cache.js";
import { extractMigrationFacts } from "./migrations/extract.js";
import type { MigrationFacts } from "./migrations/facts.js";
import { buildMigrationHistory } from "./migrations/history.js";
import { readLookupFacts, type LookupFileFacts } from "./lookup-facts.js";
import { buildLookupStats, NO_LOOKUP_STATS, type LookupStats } from "./lookup-stats.js";
import { buildCacheKeyIndex, CACHE_TEXT, extractCacheFacts, type CacheModuleFacts } from "./cache-keys.js";
import { extractCallFacts, type CallModuleFacts } from "./call-facts.js";
import { buildCallerIndex } from "./callers.js";
import { buildRouteIndex } from "./routes.js";
import { buildCommandRunIndex, commandRuns, isCommandRunFile } from "./command-runs.js";
import { buildUploadCapIndex, extractUploadCapFacts, NO_UPLOAD_CAPS, UPLOAD_CAP_TEXT, type UploadCapFacts } from "./upload-caps.js";

/** Text every counted lookup or manager filter contains. */
const LOOKUP_TEXT = /\.(filter|exclude|get|get_or_create|update_or_create)\(|def get_queryset\b/;

/** A file that mentions none of these defines no model, manager, receiver or setting the index reads. */
const KEYWORDS = /Model|models|Manager|QuerySet|receiver|_save|AUTH_USER_MODEL|AppConfig|Field|DJANGO_SETTINGS_MODULE|Celery|config_from_object|INSTALLED_APPS|MIDDLEWARE|DATABASES|CACHES|REST_FRAMEWORK|Serializer|APIView|ViewSet/;

export interface ExtraIndexSources {
  /**
   * Files read only for the Celery registry: tasks live in any module (`activitystreams.py`,
   * `models/site.py`), not only in path-selected ones. The CLI passes the analysed files that mention
   * Celery; their models are not indexed (that stays path-selected, as in the App).
   */
  celery?: Iterable<SourceText>;
  /** Per-file facts cache (default: the process-wide one); null reads every file afresh. */
  cache?: ModuleFactsCache | null;
  /**
   * Files read for the DRF graph (serializers, views) that path selection missed: the CLI passes the
   * analysed files that mention rest_framework. They are indexed like any module (classes, imports).
   */
  drf?: Iterable<SourceText>;
  /**
   * Paths the change (pull request) added: tables their migrations create are new, so the lock rules
   * exempt them (RULES.md §2 lesson 6).
   */
  added?: Iterable<string>;
  /**
   * Every path the change touched (added, modified, renamed from and to, removed): a migration that drops a
   * column of an app whose models the change left alone drops what the previous release no longer
   * selects (DJP207). Undefined outside a change (a whole-repository check): unknown.
   */
  changed?: Iterable<string>;
  /**
   * Files whose QuerySet lookups are counted for the index advisor (DJP211), besides the indexed ones:
   * the CLI and the App pass every project module they read, so the count is repository-wide.
   */
  lookups?: Iterable<SourceText>;
  /**
   * Every Python file of the repository is among the sources and extras (a whole-repository check):
   * only then can DJP402 say that a cache key is invalidated nowhere.
   */
  wholeRepository?: boolean;
  /**
   * Files read only for upload size caps (DJP504): forms and validators modules that path selection
   * missed (a pull request reads them besides the changed files). Whole-repository runs pass every
   * analysed file as a Celery candidate, and those are read too.
   */
  forms?: Iterable<SourceText>;
  /**
   * Called after each file read, with the count so far: the pipeline's releases dead syntax trees
   * when memory grew (src/pipeline/native-memory.ts). Default: an event-loop turn every 50 files
   * (native trees are freed only after GC plus an event-loop turn, DESIGN §7).
   */
  afterFile?: (count: number) => Promise<void>;
  /**
   * The dependency and deployment files' facts (`readProjectFileFacts` of every source
   * `isProjectFileSource` selects, in the sources' order), read by the caller as it decoded them: the
   * pipeline keeps no text of a YAML or shell file it reads for a few lines (a repository's 2,654 feature
   * manifests under `manifests/`, 103 MB, were held as bytes and text for the whole run). When given,
   * the sources need not hold the non-Python files, and no source is read for these facts here.
   */
  projectFiles?: readonly ProjectFileFacts[];
  /** Called as each part of the build starts (its name), for the pipeline's memory marks. */
  onPhase?: (name: string) => void;
}

/** Whether buildProjectIndex reads a source for its dependency and deployment facts (`readProjectFileFacts`). */
export function isProjectFileSource(path: string): boolean {
  return !isMigrationHistoryPath(path) && (!path.endsWith(".py") || isDependencyFile(path));
}

const YIELD_EVERY = 50;

async function yieldNow(count: number): Promise<void> {
  if (count % YIELD_EVERY === 0) await yieldToEventLoop();
}

export async function buildProjectIndex(sources: Iterable<SourceText>, extra: ExtraIndexSources = {}): Promise<ProjectIndex> {
  const notes = new Notes();
  const facts: ModuleFacts[] = [];
  const celery: CeleryModuleInput[] = [];
  const celeryPaths = new Set<string>();
  const projectFiles: ProjectFileFacts[] = [];
  const modules = new Set<string>();
  const migrations: MigrationFacts[] = [];
  let parsed = 0;
  const afterFile = extra.afterFile ?? yieldNow;
  const cache = extra.cache === undefined ? moduleFactsCache : extra.cache;
  const readFacts = (source: SourceText, want: { models: boolean; celery: boolean }): ModuleFactsResult =>
    cache ? cache.get(source, want, () => readModuleFacts(source, want)) : readModuleFacts(source, want);
  const all = [...sources];
  const drf = [...(extra.drf ?? [])];
  const celeryExtra = [...(extra.celery ?? [])];
  // Without explicit lookup sources (tests, fixtures), the lookups of the indexed files are counted.
  const lookupSources = extra.lookups ? [...extra.lookups] : all;
  // A store under memory (disk, Redis) answers asynchronously: ask it for every read below at once.
  if (cache?.store) await cache.load(plannedReads(all, drf, celeryExtra, lookupSources, [...(extra.forms ?? [])], cache));
  extra.onPhase?.("index:all");
  for (const source of all) {
    if (isMigrationHistoryPath(source.path)) {
      const read = cache ? cache.migration(source, () => readMigrationFacts(source)) : readMigrationFacts(source);
      if (read.ok) migrations.push(read.facts);
      else notes.add(read.note);
      await afterFile(++parsed);
      continue;
    }
    if (!source.path.endsWith(".py") || isDependencyFile(source.path)) {
      const file = extra.projectFiles ? undefined : readProjectFileFacts(source);
      if (file) projectFiles.push(file);
      if (!source.path.endsWith(".py")) continue;
    }
    modules.add(moduleNameOf(source.path).module);
    const want = wantedFacts(source);
    if (!want) continue;
    const result = readFacts(source, want);
    if (result.ok) {
      if (result.facts) facts.push(result.facts);
      if (result.celery) {
        celery.push({ path: source.path, module: moduleNameOf(source.path).module, facts: result.celery });
        celeryPaths.add(source.path);
      }
      if (result.hasErrors) notes.add(`${source.path}: syntax errors; facts read from the recovered parts`);
    } else notes.add(result.note);
    await afterFile(++parsed);
  }
  if (extra.projectFiles) projectFiles.push(...extra.projectFiles);
  facts.push(...builtinModelFacts(new Set(facts.map((f) => f.module))));
  extra.onPhase?.("index:drf");
  const seen = new Set(facts.map((f) => f.path));
  for (const source of drf) {
    if (!isAppModule(source.path) || seen.has(source.path)) continue;
    seen.add(source.path);
    const read = readFacts(source, { models: true, celery: false });
    if (read.ok && read.facts) facts.push(read.facts);
    await afterFile(++parsed);
  }
  extra.onPhase?.("index:celery");
  for (const source of celeryExtra) {
    if (!source.path.endsWith(".py") || celeryPaths.has(source.path) || !mayHoldCeleryFacts(source)) continue;
    celeryPaths.add(source.path);
    const result = readFacts(source, { models: false, celery: true });
    if (result.ok && result.celery) celery.push({ path: source.path, module: moduleNameOf(source.path).module, facts: result.celery });
    await afterFile(++parsed);
  }
  extra.onPhase?.("index:lookups");
  const lookupFacts: LookupFileFacts[] = [];
  const readCalls = (s: SourceText): CallFactsResult => (cache ? cache.calls(s, () => readCallFacts(s)) : readCallFacts(s));
  // The callers index reads every application module: a module the lookups just parsed is read for it
  // right away, from the same tree (parsePython hands out the last text's tree again).
  const callsRead = new Map<string, { text: string; result: CallFactsResult }>();
  for (const source of lookupSources) {
    if (!isAppModule(source.path)) continue;
    const read = readLookups(source, cache);
    if (read) lookupFacts.push(read);
    if (read && !callsRead.has(source.path)) callsRead.set(source.path, { text: source.text, result: readCalls(source) });
    await afterFile(++parsed);
  }
  extra.onPhase?.("index:cachekeys");
  const cacheKeys = await readPerModule([...all, ...celeryExtra, ...drf], holdsCacheKeys, (s) => (cache ? cache.cacheKeys(s, () => readCacheFacts(s)) : readCacheFacts(s)), afterFile);
  for (const note of cacheKeys.notes) notes.add(note);
  extra.onPhase?.("index:uploadcaps");
  const uploadCaps = await readPerModule([...all, ...celeryExtra, ...drf, ...(extra.forms ?? [])], holdsUploadCaps, (s) => (cache ? cache.uploadCaps(s, () => readUploadCapFacts(s)) : readUploadCapFacts(s)), afterFile);
  for (const note of uploadCaps.notes) notes.add(note);
  extra.onPhase?.("index:calls");
  const calls = await readPerModule([...all, ...celeryExtra, ...drf, ...lookupSources], (s) => isAppModule(s.path), (s) => {
    const early = callsRead.get(s.path);
    return early?.text === s.text ? early.result : readCalls(s);
  }, afterFile);
  for (const note of calls.notes) notes.add(note);
  // The store's failures are its own (it logs and drops them): the index is built either way.
  await cache?.save();
  extra.onPhase?.("index:assemble");
  const history = buildMigrationHistory({ migrations, added: new Set(extra.added ?? []), ...(extra.changed ? { changed: new Set(extra.changed) } : {}) });
  try {
    // Every application module was read (the whole repository, or the lookups' every project module):
    // only then can a view's list be proven never routed.
    const routes = buildRouteIndex(calls.facts.map((f) => f.classUses), extra.wholeRepository === true || lookupSources.length > 0 && extra.lookups !== undefined);
    const assembled = assembleIndex(facts, modules, notes, projectFiles, celery, routes, calls.facts.flatMap((f) => f.manyCalls ?? []), migrationPackages(migrations));
    return { ...assembled, migrations: history, lookups: lookupStatsOf(lookupFacts, assembled, notes), cacheKeys: buildCacheKeyIndex(cacheKeys.facts, extra.wholeRepository === true), uploadCaps: buildUploadCapIndex(uploadCaps.facts), callers: buildCallerIndex(calls.facts), commands: buildCommandRunIndex(projectFiles.flatMap((f) => f.commandRuns ?? []), calls.facts), requestTimers: calls.facts.flatMap((f) => (f.requestTimers ?? []).map((name) => `${f.module}.${name}`)) };
  } catch (error) {
    // A bug in cross-module resolution must not cost the whole review: rules run with an empty index
    // (they stay silent on unknown models) and the note says why.
    notes.add(`index not built: ${error instanceof Error ? error.message : String(error)}`);
    return { ...emptyIndex(modules, notes, projectFiles), migrations: history, lookups: NO_LOOKUP_STATS, cacheKeys: buildCacheKeyIndex([], false), uploadCaps: NO_UPLOAD_CAPS };
  }
}

let builtinFacts: ModuleFacts[] | undefined;

/** Django's own model modules (`builtin-models.ts`), read once per process; a project module of the same name wins. */
function builtinModelFacts(projectModules: ReadonlySet<string>): ModuleFacts[] {
  builtinFacts ??= BUILTIN_MODEL_SOURCES.flatMap((source) => {
    const read = readModuleFacts(source, { models: true, celery: false });
    return read.ok && read.facts ? [{ ...read.facts, builtin: true }] : [];
  });
  return builtinFacts.filter((f) => !projectModules.has(f.module));
}

/** A Python module of the application: not a migration, not test code. */
function isAppModule(path: string): boolean {
  return path.endsWith(".py") && !isMigrationPath(path) && !isTestCodePath(path);
}


/** One file's lookup facts, cached per blob sha; an unreadable file is left out of the count. */
function readLookups(source: SourceText, cache: ModuleFactsCache | null): LookupFileFacts | undefined {
  // A module that calls no filter method and defines no get_queryset has nothing to count: not parsed.
  if (!LOOKUP_TEXT.test(source.text)) return undefined;
  try {
    return cache ? cache.lookups(source, () => readLookupFacts(source)) : readLookupFacts(source);
  } catch {
    return undefined;
  }
}

/** A bug in the count must not cost the index: the advisor then knows nothing and stays silent. */
function lookupStatsOf(files: readonly LookupFileFacts[], index: Omit<ProjectIndex, "migrations" | "lookups" | "cacheKeys" | "uploadCaps">, notes: Notes): LookupStats {
  try {
    return buildLookupStats(files, index);
  } catch (error) {
    notes.add(`lookup count not built: ${error instanceof Error ? error.message : String(error)}`);
    return NO_LOOKUP_STATS;
  }
}

export type CacheFactsResult = { ok: true; facts: CacheModuleFacts } | { ok: false; note: string };

/** A non-test module that uses Django's cache: the files the cache-key index reads. */
function holdsCacheKeys(source: SourceText): boolean {
  return isAppModule(source.path) && CACHE_TEXT.test(source.text);
}

/** A non-test module that may declare an upload size cap, a form, a serializer or a view naming one. */
function holdsUploadCaps(source: SourceText): boolean {
  return isAppModule(source.path) && UPLOAD_CAP_TEXT.test(source.text);
}

/** One kind of per-module facts (cache keys, upload caps) of every source `wanted` selects, each path once. */
async function readPerModule<T>(
  sources: readonly SourceText[],
  wanted: (source: SourceText) => boolean,
  read: (source: SourceText) => { ok: true; facts: T } | { ok: false; note: string },
  afterFile: (count: number) => Promise<void>,
): Promise<{ facts: T[]; notes: string[] }> {
  const seen = new Set<string>();
  const facts: T[] = [];
  const notes: string[] = [];
  for (const source of sources) {
    if (seen.has(source.path) || !wanted(source)) continue;
    seen.add(source.path);
    const result = read(source);
    if (result.ok) facts.push(result.facts);
    else notes.push(result.note);
    await afterFile(seen.size);
  }
  return { facts, notes };
}

export type CallFactsResult = { ok: true; facts: CallModuleFacts } | { ok: false; note: string };

/** The per-file unit of the callers index (a function of path and text only). */
export function readCallFacts(source: SourceText): CallFactsResult {
  return readParsed(source, extractCallFacts, "callers");
}

export type UploadCapFactsResult = { ok: true; facts: UploadCapFacts } | { ok: false; note: string };

/** The per-file unit of the upload-cap index (a function of path and text only). */
export function readUploadCapFacts(source: SourceText): UploadCapFactsResult {
  return readParsed(source, extractUploadCapFacts, "upload size caps");
}

/** The per-file unit of the cache-key index (a function of path and text only). */
export function readCacheFacts(source: SourceText): CacheFactsResult {
  return readParsed(source, extractCacheFacts, "cache keys");
}

/** Parses one file and reads `what` out of it; a failure is a note, never a failed index. */
function readParsed<T>(source: SourceText, extract: (mod: ParsedModule) => T, what: string): { ok: true; facts: T } | { ok: false; note: string } {
  const { module, isPackage } = moduleNameOf(source.path);
  try {
    return { ok: true, facts: extract({ path: source.path, text: source.text, tree: parsePython(source.text), module, isPackage }) };
  } catch (error) {
    return { ok: false, note: `${source.path}: ${what} not read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The per-file unit of the migration history (a function of path and text only). */
export function readMigrationFacts(source: SourceText): MigrationFactsResult {
  try {
    return { ok: true, facts: extractMigrationFacts(source.path, parsePython(source.text)) };
  } catch (error) {
    return { ok: false, note: `${source.path}: migration not read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The packages that hold a `migrations/` folder the history read (`src.stuf.stuf_zds`): each is an app of its own. */
function migrationPackages(migrations: readonly MigrationFacts[]): Set<string> {
  const out = new Set<string>();
  for (const m of migrations) {
    const cut = m.dir.lastIndexOf("/");
    if (cut > 0) out.add(moduleNameOf(m.dir.slice(0, cut)).module);
  }
  return out;
}

function emptyIndex(modules: ReadonlySet<string>, notes: Notes, projectFiles: readonly ProjectFileFacts[]): Omit<ProjectIndex, "migrations" | "lookups" | "cacheKeys" | "uploadCaps"> {
  return {
    settings: buildSettingsIndex([], projectFiles.flatMap((f) => f.settingsRefs), deployedWorkerEvents(projectFiles), projectFiles.flatMap((f) => f.composeServices ?? [])),
    versions: buildVersions(projectFiles.flatMap((f) => f.versionSpecs)),
    models: new Map(),
    classes: new Set(),
    modules,
    modelsWithSaveSignals: new Set(),
    globalSaveReceivers: [],
    celery: emptyCeleryIndex(),
    drf: emptyDrfIndex(),
    resolveModelLabel: () => undefined,
    resolveQualified: () => undefined,
    notes: notes.list(),
  };
}

/** Which facts of a module the index reads (none: the file is not read). */
function wantedFacts(source: SourceText): { models: boolean; celery: boolean } | undefined {
  // Task modules are selected for the Celery registry only; the model index keeps to model-side files.
  const models = mayHoldIndexFacts(source) && !isCeleryOnlyPath(source.path);
  const celery = mayHoldCeleryFacts(source);
  return models || celery ? { models, celery } : undefined;
}

/**
 * The cache entries buildProjectIndex is about to read, for one batched ask of the store. The extra
 * sources' filters depend on what the main sources held, so a few of their keys may go unused.
 */
function plannedReads(sources: readonly SourceText[], drf: readonly SourceText[], celery: readonly SourceText[], lookups: readonly SourceText[], forms: readonly SourceText[], cache: ModuleFactsCache): FactsKey[] {
  const keys: FactsKey[] = [];
  for (const source of sources) {
    if (isMigrationHistoryPath(source.path)) keys.push(cache.keyOf(MIGRATION_KIND, source));
    else if (source.path.endsWith(".py")) {
      const want = wantedFacts(source);
      if (want) keys.push(cache.keyOf(moduleKind(want), source));
    }
  }
  for (const source of drf) if (source.path.endsWith(".py")) keys.push(cache.keyOf(moduleKind({ models: true, celery: false }), source));
  for (const source of celery) if (source.path.endsWith(".py") && mayHoldCeleryFacts(source)) keys.push(cache.keyOf(moduleKind({ models: false, celery: true }), source));
  for (const source of lookups) if (isAppModule(source.path) && LOOKUP_TEXT.test(source.text)) keys.push(cache.keyOf(LOOKUPS_KIND, source));
  for (const source of [...sources, ...celery, ...drf]) if (holdsCacheKeys(source)) keys.push(cache.keyOf(CACHE_KEYS_KIND, source));
  for (const source of [...sources, ...celery, ...drf, ...forms]) if (holdsUploadCaps(source)) keys.push(cache.keyOf(UPLOAD_CAPS_KIND, source));
  const callPaths = new Set<string>();
  for (const source of [...sources, ...celery, ...drf, ...lookups]) {
    if (!isAppModule(source.path) || callPaths.has(source.path)) continue;
    callPaths.add(source.path);
    keys.push(cache.keyOf(CALLS_KIND, source));
  }
  return keys;
}

/** Migrations describe history, not the models (that is a separate part of the index). */
function mayHoldIndexFacts(source: SourceText): boolean {
  if (isMigrationPath(source.path)) return false;
  // DRF-layer modules (`api/mixins.py`) are selected for the view graph: a view mixin that only holds a
  // `get_queryset` names none of the keywords, and without it every view built on it is unresolved.
  return isModelSidePath(source.path) || isSettingsPath(source.path) || isCeleryAppPath(source.path) || isDrfPath(source.path) || isReexportingInit(source) || KEYWORDS.test(source.text);
}

/** A package's `__init__.py` that imports names (a re-export: `from .mixins import ListMixin`). */
function isReexportingInit(source: SourceText): boolean {
  return (source.path === "__init__.py" || source.path.endsWith("/__init__.py")) && /^\s*from\s+\S+\s+import\b/m.test(source.text);
}

/** Dependency files and deployment files: version specs, `DJANGO_SETTINGS_MODULE` lines and the commands they run (text only). */
export function readProjectFileFacts(source: SourceText): ProjectFileFacts | undefined {
  const dependency = isDependencyFile(source.path);
  const reference = isSettingsReferenceFile(source.path);
  const runs = reference || isCommandRunFile(source.path) ? commandRuns(source.path, source.text) : [];
  const compose = entryKindOf(source.path) === "compose" ? composeServices(source.path, source.text) : [];
  const events = reference || isShellScript(source.path) ? workerEventLines(source.path, source.text) : [];
  const scripts = reference ? scriptsRun(source.path, source.text) : [];
  if (!dependency && !reference && runs.length === 0 && events.length === 0) return undefined;
  return {
    path: source.path,
    versionSpecs: dependency ? readVersionSpecs(source.path, source.text) : [],
    settingsRefs: reference ? settingsModuleRefs(source.path, source.text) : [],
    workerEvents: events,
    ...(scripts.length > 0 ? { scriptsRun: scripts } : {}),
    ...(runs.length > 0 ? { commandRuns: runs } : {}),
    ...(compose.length > 0 ? { composeServices: compose } : {}),
  };
}

/** Task modules (`tasks.py`, `tasks/…`): read for the Celery registry; Celery app modules also hold settings code. */
function isCeleryOnlyPath(path: string): boolean {
  return isCeleryPath(path) && !isCeleryAppPath(path) && !isModelSidePath(path) && !isSettingsPath(path);
}

/** Celery facts are read from any indexed or extra file that mentions Celery (tests excluded). */
function mayHoldCeleryFacts(source: SourceText): boolean {
  return !isMigrationPath(source.path) && !isTestCodePath(source.path) && (CELERY_TEXT.test(source.text) || queuingCommandModule(source.path, source.text));
}

export type ModuleFactsResult =
  | { ok: true; facts?: ModuleFacts; celery?: CeleryModuleFacts; hasErrors: boolean }
  | { ok: false; note: string };

/** The per-file unit of the index (a function of path and text only, so it can be cached per blob sha). */
export function readModuleFacts(source: SourceText, want: { models: boolean; celery: boolean } = { models: true, celery: true }): ModuleFactsResult {
  const { module, isPackage } = moduleNameOf(source.path);
  try {
    const tree = parsePython(source.text);
    const parsed = { path: source.path, text: source.text, tree, module, isPackage };
    return {
      ok: true,
      ...(want.models ? { facts: extractModuleFacts(parsed) } : {}),
      ...(want.celery ? { celery: extractCeleryFacts(parsed) } : {}),
      hasErrors: tree.rootNode.hasError,
    };
  } catch (error) {
    // Never let one odd file cost the whole index.
    return { ok: false, note: `${source.path}: not indexed (${error instanceof Error ? error.message : String(error)})` };
  }
}
