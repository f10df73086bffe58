/**
 * The analysis half of the pipeline: read → index → parse → rules. Every front end calls this with its
 * own RepoSource; diff filtering and publishing happen downstream.
 */
import { performance } from "node:perf_hooks";
import { afterFile, YIELD_EVERY } from "./native-memory.js";
import { markPhase } from "./memory-marks.js";
import type { RepoSource, FileContent } from "./ports.js";
import type { AnyRule } from "../analysis/rule.js";
import { analyseFile, type FileAnalysis } from "../analysis/engine.js";
import { countWork } from "../analysis/work-counter.js";
import { decodeSource, parsePython, syntaxErrorLines } from "../analysis/parser.js";
import { isMigrationHistoryPath, isMigrationPath, moduleNameOf, type ParsedFile, type SourceText } from "../analysis/source-file.js";
import { tableSizeSteps, type TableSizes } from "../analysis/django/table-size.js";
import { handEnteredSteps } from "../analysis/django/hand-entered.js";
import { buildProjectIndex, isProjectFileSource, readProjectFileFacts } from "../analysis/index/build.js";
import type { ProjectFileFacts } from "../analysis/index/facts.js";
import { projectModelCount } from "../analysis/index/builtin-models.js";
import { isFormSidePath, selectIndexPaths, selectLookupPaths } from "../analysis/index/select.js";
import { createDjangoFacts } from "../analysis/django/facts.js";
import { effectiveRule, exampleApps, exclusionOf } from "../config/resolve.js";
import { codeKindOf, isAdminPath } from "../analysis/code-kind.js";
import type { DjperfConfig } from "../config/schema.js";
import type { AnalysisResult, Diagnostic, Finding, RuleCoverage } from "../analysis/finding.js";
import type { ProjectIndex } from "../analysis/index/types.js";
import type { FactsStore, ModuleFactsCache } from "../analysis/index/facts-cache.js";
import { analysisDigest, everyIdRead, loadOutcomes, readIdentities, saveOutcomes, type RunOutcome, type TargetOutcome } from "./findings-cache.js";
import { findingsCodeDigest } from "../cache/facts-entry.js";

export interface RunAnalysisInput {
  source: RepoSource;
  /** Paths to analyse; non-Python and excluded paths are dropped here. Undefined: every included .py file. */
  targets?: readonly string[];
  config: DjperfConfig;
  rules: readonly AnyRule[];
  /** Paths the change added (pull request, `djperf diff`): migrations among them create new tables. */
  added?: readonly string[];
  /** Every path the change touched (pull request, `djperf diff`): see ExtraIndexSources.changed. */
  changed?: readonly string[];
  /** Called every few files with (done, total), for progress lines. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Analyse only share `index` of `count` consecutive, even shares of the targets (a thread's share,
   * src/cli/check-threads.ts); the index is still built from every target, so each share sees the
   * same index. Exclusions by path are counted by share 0; mergeSlices puts the shares back together.
   */
  slice?: { index: number; count: number };
  /** The index's per-file facts cache (default: the process-wide one). */
  factsCache?: ModuleFactsCache;
  /**
   * Count the analysis work per target (src/analysis/work-counter.ts) into `stats.work`: for the fuzz
   * property "work bounded per node" and for finding quadratic paths. Off in normal runs (it slows them).
   */
  countWork?: boolean;
  /** A pull request's analysis (head or base), not a whole-repository check: DJP211 runs only when `index_advisor: on`. */
  change?: boolean;
  /**
   * Where each target's outcome is kept, keyed by a digest of every input of the analysis
   * (src/pipeline/findings-cache.ts): a run with the same inputs reads them back instead of analysing.
   */
  findingsStore?: FactsStore | null;
  /** Run the rules on some targets only, and only some rules (see Focus). */
  focus?: Focus;
}


/** Every file read, migrations apart (their `bulk_create` and `iterator()` run once and say nothing about size). */
function* sizeSources(texts: ReadonlyMap<string, string>, history: readonly string[]): Generator<SourceText> {
  const skip = new Set(history);
  for (const [path, text] of texts) if (!skip.has(path) && !isMigrationPath(path)) yield { path, text };
}

/**
 * DJP211 runs: enabled (`index_advisor` not off, the rule not disabled in `rules`) and in the rule set;
 * in a pull request only with `index_advisor: on`, since its count reads every module of the repository.
 */
export function advisorOn(config: DjperfConfig, rules: readonly AnyRule[], change: boolean): boolean {
  const mode = config.index_advisor;
  return (mode === "on" || (mode === "check" && !change)) && rules.some((r) => r.id === "DJP211") && effectiveRule(config, "DJP211", "info").enabled;
}

/** Analysed files that may define DRF serializers or views the path-selected index did not read. */
// A module that mentions DRF, or defines a `get_queryset` (a view mixin in `utils/data_filtering.py` need not import DRF).
const DRF_TEXT = /\brest_framework\b|\bdef get_queryset\b/;

export async function runAnalysis(input: RunAnalysisInput): Promise<AnalysisResult> {
  return (await openAnalysis(input)).run(input.focus);
}

/**
 * Some targets and some rules of an analysis (a change's merge base: only what can show that a head
 * finding existed before, src/pipeline/run-change.ts). Everything else stays as in the whole run: the
 * files read are those every rule of `rules` needs, and the index is built from every target, so a
 * focused file gets, for each focused rule, exactly the findings the whole run gives it (rules do not
 * see each other's findings: src/analysis/engine.ts).
 */
export interface Focus {
  /** Targets the rules run on; the other targets are read and indexed only. */
  paths: readonly string[];
  /** Rules that run on them. */
  ruleIds: readonly string[];
}

/** An analysis whose files, index and table sizes are kept between runs on different focuses. */
export interface OpenedAnalysis {
  run(focus?: Focus): Promise<AnalysisResult>;
}

/**
 * Plans the reads of an analysis and returns a handle that runs it, whole or on a focus; the files are
 * read and the index built at the first run that misses the findings cache, and kept for the next.
 */
export async function openAnalysis(input: RunAnalysisInput): Promise<OpenedAnalysis> {
  let started = performance.now();
  const { source, config, rules } = input;
  const allPaths = await source.listFiles();
  const apps = exampleApps(allPaths);
  const excludedByPath = new Map<string, number>();
  const targets = (input.targets ?? allPaths).filter((p) => {
    if (!p.endsWith(".py")) return false;
    const reason = exclusionOf(config, p, apps);
    if (reason !== undefined && (input.slice === undefined || input.slice.index === 0)) excludedByPath.set(reason, (excludedByPath.get(reason) ?? 0) + 1);
    return reason === undefined;
  });
  // Migration folders are read after the targets, so the reads the model index needs come first.
  const historyPaths = migrationHistoryPaths(allPaths, targets);
  const modelIndexPaths = selectIndexPaths(allPaths);
  const indexPaths = [...modelIndexPaths, ...historyPaths];
  // Admin modules say which tables are large (raw_id_fields, show_full_result_count): read them even when
  // only other files are analysed (a pull request), so a finding's impact does not depend on the diff.
  const adminPaths = allPaths.filter((p) => isAdminPath(p) && exclusionOf(config, p, apps) === undefined);
  // The index advisor (DJP211) counts lookups across the repository, not only in the changed files.
  const advisor = advisorOn(config, rules, input.change === true);
  const lookupPaths = advisor ? selectLookupPaths(allPaths, (p) => exclusionOf(config, p, apps) === undefined) : [];
  // Forms and validators hold the upload size caps DJP504 looks for when a view reads a form's file.
  const formPaths = rules.some((r) => r.id === "DJP504") ? allPaths.filter((p) => isFormSidePath(p) && exclusionOf(config, p, apps) === undefined) : [];
  const toRead = [...new Set([...modelIndexPaths, ...targets, ...historyPaths, ...adminPaths, ...lookupPaths, ...formPaths])];
  const slice = sliceOf(targets.length, input.slice);
  const sliceTargets = slice === undefined ? targets : targets.slice(slice.from, slice.to);

  // The findings cache (a change's analysis run again): every input read by id, no file read on a hit.
  // Not for a thread's share (check only) nor when counting work (the count is the point).
  const store = input.slice === undefined && !input.countWork ? (input.findingsStore ?? null) : null;
  const ids = store && source.blobIds ? await source.blobIds(toRead) : undefined;
  // Without ids the key needs the bytes; without a store nothing is read before the first run.
  let contents = store && !ids ? await source.readFiles(toRead) : undefined;
  const inputs = store
    ? { build: findingsCodeDigest(), config, ruleIds: rules.map((r) => r.id), added: input.added ?? [], ...(input.changed ? { changed: input.changed } : {}), change: input.change === true, allPaths, targets, toRead, idOf: readIdentities(ids, contents) }
    : undefined;
  let prepared: PreparedIndex | undefined;

  const run = async (focus?: Focus): Promise<AnalysisResult> => {
    const excluded = new Map(excludedByPath);
    const count = (reason: string): void => void excluded.set(reason, (excluded.get(reason) ?? 0) + 1);
    const focusPaths = focus ? new Set(focus.paths) : undefined;
    const analysed = focusPaths ? sliceTargets.filter((p) => focusPaths.has(p)) : sliceTargets;
    const focusRules = focus ? new Set(focus.ruleIds) : undefined;
    const ruleSet = focusRules ? rules.filter((r) => focusRules.has(r.id)) : rules;
    const digest = inputs ? analysisDigest({ ...inputs, ...(focus ? { focus } : {}) }) : undefined;
    let outcomes: AnalysedTargets | undefined = store && digest !== undefined ? await loadOutcomes(store, digest, analysed) : undefined;
    if (outcomes === undefined) {
      if (!prepared) {
        prepared = await prepareIndex(input, { allPaths, apps, targets, toRead, source, ...(contents ? { contents } : {}), indexPaths, historyPaths, lookupPaths, formPaths });
        // Decoded: the bytes are not needed again (a later focus reuses the prepared index).
        contents = undefined;
      }
      const computed = await analyseTargets(input, prepared, analysed, ruleSet);
      outcomes = computed;
      if (store && digest !== undefined && everyIdRead(ids, prepared.read)) await saveOutcomes(store, digest, analysed, computed.run, computed.targets);
    }

    const diagnostics: Diagnostic[] = [];
    // Unreadable targets first, in reading order. Every share reports all of them (mergeSlices keeps
    // one, in the same place); the share holding one counts it. A focused run reports its focus only.
    const unreadable = outcomes.unreadable ?? new Map(analysed.flatMap((path, i) => {
      const outcome = outcomes.targets[i]!;
      return outcome.kind === "skipped" ? [[path, outcome.reason] as const] : [];
    }));
    const reported = new Set(focus ? analysed : targets);
    for (const path of toRead) {
      const reason = unreadable.get(path);
      if (reason !== undefined && reported.has(path)) diagnostics.push({ kind: "skipped", path, message: reason });
    }
    if (outcomes.run.missing) diagnostics.push(outcomes.run.missing);

    const findings: Finding[] = [];
    const coverage = new CoverageCollector();
    let lines = 0;
    let byContent = 0;
    let skipped = 0;
    for (const [i, path] of analysed.entries()) {
      const outcome = outcomes.targets[i]!;
      if (outcome.kind === "excluded") {
        // Tests and seed scripts recognised by their content: read, not analysed.
        count(outcome.reason);
        byContent++;
      } else if (outcome.kind === "analysed") {
        lines += outcome.lines;
        findings.push(...outcome.findings);
        diagnostics.push(...outcome.diagnostics);
        coverage.add(path, outcome.coverage);
      } else skipped++;
    }
    const total = focus ? analysed.length : targets.length;
    input.onProgress?.(total, total);
    const ms = Math.round(performance.now() - started);
    started = performance.now();
    return {
      findings,
      diagnostics: dedupeDiagnostics(diagnostics),
      stats: {
        // Files read but recognised as tests by content, and files that could not be read, were not analysed.
        files: analysed.length - byContent - skipped,
        ...(skipped > 0 ? { skipped } : {}),
        lines,
        ms,
        ...(outcomes.run.drf ? { drf: outcomes.run.drf } : {}),
        ...(excluded.size > 0 ? { excluded: Object.fromEntries([...excluded].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
        ...(outcomes.work ? { work: outcomes.work } : {}),
      },
      coverage: coverage.result(),
    };
  };
  return { run };
}

interface ReadPlan {
  allPaths: readonly string[];
  /** The `examples` folders that are Django apps (`exampleApps`): analysed, not excluded as example code. */
  apps: ReadonlySet<string>;
  /** Every target of the analysis: the index reads each one (a thread's share too). */
  targets: readonly string[];
  toRead: readonly string[];
  /** Where `toRead` is read from, a chunk at a time (readChunks). */
  source: RepoSource;
  /** `toRead` already read (the findings cache's key needed the bytes). */
  contents?: ReadonlyMap<string, FileContent>;
  indexPaths: readonly string[];
  historyPaths: readonly string[];
  lookupPaths: readonly string[];
  formPaths: readonly string[];
}

interface AnalysedTargets {
  run: RunOutcome;
  /** One per target analysed, in order. */
  targets: TargetOutcome[];
  /** Why each path read could not be decoded (a thread's share reports every unreadable target). */
  unreadable?: ReadonlyMap<string, string>;
  work?: { steps: number; nodes: number };
}

/**
 * Bytes read per call when the source knows its files' sizes (`fileSizes`): the bytes of one chunk are
 * let go before the next is read. A pull request's reads fit in one chunk and make the calls (the App's
 * GraphQL queries) they made before.
 */
const READ_CHUNK_BYTES = 16 * 1024 * 1024;
/** Paths read per call when it does not: a multiple of the App's blobs per GraphQL query (BLOBS_PER_QUERY, 100). */
const READ_CHUNK = 500;

/** `paths` in consecutive chunks of at most READ_CHUNK_BYTES (a larger file alone), or READ_CHUNK paths without sizes. */
function readChunks(paths: readonly string[], sizes: ReadonlyMap<string, number> | undefined): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let bytes = 0;
  for (const path of paths) {
    const size = sizes?.get(path) ?? 0;
    if (chunk.length > 0 && (sizes ? bytes + size > READ_CHUNK_BYTES : chunk.length >= READ_CHUNK)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(path);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** What the rules of every target read: the decoded texts, the index, the table sizes. */
interface PreparedIndex {
  /** The Python files' texts (a non-Python file is read for the index's project-file facts only). */
  texts: ReadonlyMap<string, string>;
  /** Whether each path read was read (FileContent.ok), for the findings cache. */
  read: ReadonlyMap<string, boolean>;
  unreadable: ReadonlyMap<string, string>;
  index: ProjectIndex;
  sizes: TableSizes;
  run: RunOutcome;
}

/** Decodes what was read, builds the index and the table sizes. */
async function prepareIndex(input: RunAnalysisInput, plan: ReadPlan): Promise<PreparedIndex> {
  const { config } = input;
  markPhase("decode");
  const texts = new Map<string, string>();
  const unreadable = new Map<string, string>();
  const read = new Map<string, boolean>();
  const projectFacts = new Map<string, ProjectFileFacts>();
  // Read a chunk at a time and keep no bytes: only the Python files' texts are kept; a non-Python file
  // (requirements, a Dockerfile, a deployment YAML, read by path only) gives its few facts and goes.
  const fileSizes = plan.contents || !plan.source.fileSizes ? undefined : await plan.source.fileSizes(plan.toRead);
  for (const chunk of plan.contents ? [plan.toRead] : readChunks(plan.toRead, fileSizes)) {
    const contents = plan.contents ?? (await plan.source.readFiles(chunk));
    for (const path of chunk) {
      const content = contents.get(path);
      read.set(path, content?.ok === true);
      const text = decode(path, content, config.analysis.max_file_bytes);
      if (typeof text !== "string") unreadable.set(path, text.reason);
      else if (path.endsWith(".py")) texts.set(path, text);
      else {
        const facts = readProjectFileFacts({ path, text });
        if (facts) projectFacts.set(path, facts);
      }
    }
  }

  const indexSources: SourceText[] = [];
  for (const path of plan.indexPaths) {
    const text = texts.get(path);
    if (text !== undefined) indexSources.push({ path, text });
  }
  // The index's project-file facts in its sources' order, as buildProjectIndex would read them.
  const projectFiles: ProjectFileFacts[] = [];
  for (const path of plan.indexPaths) {
    if (!isProjectFileSource(path)) continue;
    const text = texts.get(path);
    const facts = text === undefined ? projectFacts.get(path) : readProjectFileFacts({ path, text });
    if (facts) projectFiles.push(facts);
  }
  const indexed = new Set(plan.indexPaths);
  const celeryCandidates: SourceText[] = [];
  const drfCandidates: SourceText[] = [];
  // Every target, not only this share's or this focus's: each run must see the same index.
  for (const path of plan.targets) {
    const text = texts.get(path);
    if (text !== undefined && !indexed.has(path)) {
      celeryCandidates.push({ path, text });
      if (DRF_TEXT.test(text)) drfCandidates.push({ path, text });
    }
  }
  const sourcesOf = (paths: readonly string[]): SourceText[] => paths.flatMap((path) => {
    const text = texts.get(path);
    return text === undefined ? [] : [{ path, text }];
  });
  const lookupSources = sourcesOf(plan.lookupPaths);
  // A check of the whole repository read every Python file, so the index can tell that a cache key is
  // invalidated nowhere (DJP402); a pull request reads only some of them.
  const wholeRepository = plan.allPaths.every((p) => !p.endsWith(".py") || isMigrationPath(p) || exclusionOf(config, p, plan.apps) !== undefined || texts.has(p));
  const index = await buildProjectIndex(indexSources, { celery: celeryCandidates, drf: drfCandidates, lookups: lookupSources, forms: sourcesOf(plan.formPaths), wholeRepository, afterFile, onPhase: markPhase, projectFiles, ...(input.added ? { added: input.added } : {}), ...(input.changed ? { changed: input.changed } : {}), ...(input.factsCache ? { cache: input.factsCache } : {}) });
  markPhase("hand-entered");
  const sized = [...sizeSources(texts, plan.historyPaths)];
  const hand = await drainParsing(handEnteredSteps(sized, index));
  markPhase("table-sizes");
  const sizes = await drainParsing(tableSizeSteps(sized, index, hand));
  markPhase("after-prepare");
  const missing = missingModelsDiagnostic(projectModelCount(index), indexSources.length, plan.targets, texts);
  const drf = drfStats(index).drf;
  return { texts, read, unreadable, index, sizes, run: { ...(missing ? { missing } : {}), ...(drf ? { drf } : {}) } };
}

/** The rules on each of `targets` (this share's, or this focus's). */
async function analyseTargets(input: RunAnalysisInput, prepared: PreparedIndex, targets: readonly string[], rules: readonly AnyRule[]): Promise<AnalysedTargets> {
  const { config } = input;
  const { texts, unreadable, index, sizes } = prepared;
  const outcomes: TargetOutcome[] = [];
  const work = input.countWork ? { steps: 0, nodes: 0 } : undefined;
  markPhase("analysis");
  for (const [position, path] of targets.entries()) {
    const text = texts.get(path);
    if (text === undefined) {
      outcomes.push({ kind: "skipped", reason: unreadable.get(path) ?? `skipped: could not be read (${path})` });
      continue;
    }
    const file = parseFile(path, text);
    const analyse = (): FileAnalysis | string => {
      const django = createDjangoFacts(file, index);
      const kind = config.paths.default_excludes ? codeKindOf(file, django.imports) : undefined;
      return kind ?? analyseFile({ file, index, django, rules, config, sizes });
    };
    let result: FileAnalysis | string;
    if (work) {
      // The file's node count is read outside the count: it is the yardstick, not work.
      work.nodes += file.tree.rootNode.descendantCount;
      const counted = countWork(analyse);
      work.steps += counted.steps;
      result = counted.value;
    } else result = analyse();
    if (typeof result === "string") outcomes.push({ kind: "excluded", reason: result });
    else {
      const errors = syntaxErrorLines(file.tree);
      const parseError: Diagnostic[] =
        errors.length > 0
          ? [{ kind: "parse-error", path, line: errors[0], message: `syntax error at line${errors.length > 1 ? "s" : ""} ${errors.join(", ")}; the rest of the file was analysed` }]
          : [];
      outcomes.push({ kind: "analysed", lines: file.lines.length, findings: result.findings, diagnostics: [...parseError, ...result.diagnostics], coverage: result.coverage });
    }
    if ((position + 1) % YIELD_EVERY === 0) input.onProgress?.(position + 1, targets.length);
    await afterFile(position + 1);
  }
  markPhase("done");
  return { run: prepared.run, targets: outcomes, unreadable, ...(work ? { work } : {}) };
}

/** The positions of share `index` of `count`: consecutive, the last share possibly shorter. */
function sliceOf(total: number, share: RunAnalysisInput["slice"]): { from: number; to: number } | undefined {
  if (share === undefined) return undefined;
  const per = Math.ceil(total / share.count);
  return { from: Math.min(total, share.index * per), to: Math.min(total, (share.index + 1) * per) };
}

/**
 * The shares of one analysis (consecutive slices, in order) as the one result a single pass gives:
 * findings and per-file diagnostics in target order, the shared diagnostics once, counts summed.
 */
export function mergeSlices(shares: readonly AnalysisResult[]): AnalysisResult {
  const first = shares[0];
  if (!first) throw new Error("mergeSlices needs at least one share");
  const sum = (pick: (r: AnalysisResult) => number | undefined): number => shares.reduce((n, r) => n + (pick(r) ?? 0), 0);
  const excluded = new Map<string, number>();
  for (const r of shares) for (const [reason, n] of Object.entries(r.stats.excluded ?? {})) excluded.set(reason, (excluded.get(reason) ?? 0) + n);
  const skipped = sum((r) => r.stats.skipped);
  const coverage = new CoverageCollector();
  for (const r of shares) if (r.coverage) coverage.addResult(r.coverage);
  return {
    findings: shares.flatMap((r) => r.findings),
    diagnostics: dedupeDiagnostics(shares.flatMap((r) => r.diagnostics)),
    stats: {
      files: sum((r) => r.stats.files),
      ...(skipped > 0 ? { skipped } : {}),
      lines: sum((r) => r.stats.lines),
      ms: Math.max(...shares.map((r) => r.stats.ms)),
      ...(first.stats.drf ? { drf: first.stats.drf } : {}),
      ...(excluded.size > 0 ? { excluded: Object.fromEntries([...excluded].sort(([a], [b]) => (a < b ? -1 : 1))) } : {}),
    },
    ...(shares.every((r) => r.coverage) ? { coverage: coverage.result() } : {}),
  };
}

/**
 * The migration folders the analysed migrations live in, whole: the history replays every earlier
 * migration of those apps (and of other apps in the same folders' reach) to the state before each one.
 */
function migrationHistoryPaths(allPaths: readonly string[], targets: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const path of targets) if (isMigrationHistoryPath(path)) dirs.add(path.slice(0, path.lastIndexOf("/")));
  if (dirs.size === 0) return [];
  return allPaths.filter((p) => isMigrationHistoryPath(p) && dirs.has(p.slice(0, p.lastIndexOf("/"))));
}

/** Merges per-file rule coverage into one RuleCoverage (each unverified reason once per rule). */
export class CoverageCollector {
  private readonly ran = new Set<string>();
  private readonly applicable = new Set<string>();
  private readonly unverified = new Map<string, RuleCoverage["unverified"][number]>();

  add(path: string, perRule: FileAnalysis["coverage"]): void {
    for (const [ruleId, state] of perRule) {
      this.ran.add(ruleId);
      if (state.applicable) this.applicable.add(ruleId);
      for (const { reason, topic } of state.unverified) {
        const key = `${ruleId}\0${topic ?? ""}\0${reason}`;
        if (!this.unverified.has(key)) this.unverified.set(key, { ruleId, reason, ...(topic !== undefined ? { topic } : {}), path });
      }
    }
  }

  /** Another collector's result (a later share of the same analysis). */
  addResult(other: RuleCoverage): void {
    for (const id of other.ran) this.ran.add(id);
    for (const id of other.applicable) this.applicable.add(id);
    for (const u of other.unverified) {
      const key = `${u.ruleId}\0${u.topic ?? ""}\0${u.reason}`;
      if (!this.unverified.has(key)) this.unverified.set(key, u);
    }
  }

  result(): RuleCoverage {
    return { ran: [...this.ran].sort(), applicable: [...this.applicable].sort(), unverified: [...this.unverified.values()] };
  }
}

export function parseFile(path: string, text: string): ParsedFile {
  const { module, isPackage } = moduleNameOf(path);
  return { path, text, tree: parsePython(text), module, isPackage, lines: text.split(/\r?\n|\r/) };
}

function decode(path: string, content: FileContent | undefined, maxBytes: number): string | { reason: string } {
  if (!content) return { reason: `skipped: could not be read (${path})` };
  if (!content.ok) return { reason: content.reason };
  const decoded = decodeSource(content.bytes, maxBytes);
  return decoded.ok ? decoded.text : { reason: decoded.reason };
}

/** Config diagnostics repeat per file; keep one of each. */
function dedupeDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.kind}|${d.path ?? ""}|${d.line ?? ""}|${d.ruleId ?? ""}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Django code was analysed but the index found no model at all: every model-based rule is silent, and
 * a clean result would look like a clean project. Say so, with where models were looked for.
 */
function missingModelsDiagnostic(models: number, indexFiles: number, targets: readonly string[], texts: ReadonlyMap<string, string>): Diagnostic | undefined {
  if (models > 0) return undefined;
  const django = targets.some((p) => /\bdjango\b|\.objects\b/.test(texts.get(p) ?? ""));
  if (!django) return undefined;
  return {
    kind: "index",
    message:
      `no Django model found in the ${indexFiles} file${indexFiles === 1 ? "" : "s"} read for the project index ` +
      "(models.py and models/ packages, *_models.py / abstract*.py modules, managers, mixins, base modules, settings); " +
      "rules that need a model, its fields or its relations stayed silent. Models defined elsewhere are not seen.",
  };
}

/** List views in the DRF graph and the ones whose queryset or serializer stayed unresolved (issue 9: "unresolved: N"). */
function drfStats(index: ProjectIndex): { drf?: NonNullable<AnalysisResult["stats"]["drf"]> } {
  const views = [...index.drf.views.values()].filter((v) => v.listCapable);
  if (views.length === 0) return {};
  const reasons: Record<string, number> = {};
  let unresolved = 0;
  for (const v of views) {
    const why = "unresolved" in v.queryset ? v.queryset.unresolved : "unresolved" in v.serializer ? v.serializer.unresolved : undefined;
    if (why === undefined) continue;
    unresolved++;
    // Group by the kind of reason, without project names.
    const kind = why.replace(/`[^`]*`/g, "X").replace(/\b(calls|returns|root|manager|serializer_class|base class outside the project and DRF:)\b.*$/, "$1 …");
    reasons[kind] = (reasons[kind] ?? 0) + 1;
  }
  return { drf: { listViews: views.length, unresolved, reasons } };
}

/** Runs a generator that yields after each file it parses, letting dead trees go between files (`afterFile`). */
async function drainParsing<T>(steps: Generator<void, T>): Promise<T> {
  for (let done = 1; ; done++) {
    const step = steps.next();
    if (step.done) return step.value;
    await afterFile(done);
  }
}
