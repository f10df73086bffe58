/**
 * The migration history (RULES.md §3 "H"): every migration module of the repository as a node of a
 * graph (dependencies, run_before, squashes with `replaces`, merges), replayed in dependency order to
 * the state *before* a given migration. Missing dependencies, cycles, unreadable migrations and
 * migrations outside `migrations/` make the answer `unknown` with a reason: rules stay silent then.
 */
import type { MigrationFacts, MigrationRef, OperationFact } from "./facts.js";
import { ProjectState, type ModelState } from "./state.js";
import { nestedOperations, opString } from "./operations.js";

export type StateAnswer = { status: "known"; state: ProjectState; incomplete: ReadonlySet<string> } | { status: "unknown"; reason: string };

/** Whether the table of `model` exists before an operation: made by the change (or this migration), older, or not known. */
export type TableAnswer = { status: "new"; createdIn: string } | { status: "existing"; model: ModelState } | { status: "unknown"; reason: string };

export interface MigrationHistory {
  /** Facts of the migration at `path`, if it is part of the history. */
  migration(path: string): MigrationFacts | undefined;
  /** Every migration the history read, in no particular order. */
  all(): readonly MigrationFacts[];
  /** State after every ancestor of the migration at `path` (not the migration itself). */
  stateBefore(path: string): StateAnswer;
  /** State before operation `opIndex` (top-level) of the migration at `path`. */
  stateBeforeOperation(path: string, opIndex: number): StateAnswer;
  /** Is the table of model `modelName` (of the migration's app) new or existing before operation `opIndex`? */
  table(path: string, opIndex: number, modelName: string, app?: string): TableAnswer;
  /** The pull request added this file (its tables are new, not locked by anyone yet). */
  isAddedByChange(path: string): boolean;
  /**
   * Is the table of `model` (in the state before an operation of the migration at `path`) new for that
   * operation: created by this migration, by a migration the change adds, or by an `initial = True`
   * migration of the same folder when this migration is `initial = True` too (initialSibling).
   */
  isNewFor(path: string, model: ModelState): boolean;
  /**
   * Does a migration the change added create model `modelName` of `app`? "unknown" when an added
   * migration of the app cannot be read (it might). For the models.py fallback: a model the change
   * creates is new, whatever models.py says.
   */
  createdByChange(app: string, modelName: string): "yes" | "no" | "unknown";
  /**
   * Did the change touch the model code of the app whose migrations live in `migrationsDir` (any Python
   * file of the app's package outside its migrations, renamed or removed ones included)? Undefined outside
   * a change. Django's autodetector writes RemoveField/DeleteModel only once the model code lost the
   * field or class, so an untouched app means the base's code had already lost it.
   */
  appCodeChanged(migrationsDir: string): boolean | undefined;
  /** Diagnostics: missing dependencies, cycles, unreadable migrations. */
  notes: readonly string[];
}

export interface HistoryInput {
  migrations: readonly MigrationFacts[];
  /** Paths the change (pull request) added. */
  added?: ReadonlySet<string>;
  /** Every path the change touched; undefined outside a change. */
  changed?: ReadonlySet<string>;
}

export function buildMigrationHistory(input: HistoryInput): MigrationHistory {
  return new Graph(input.migrations, input.added ?? new Set(), input.changed);
}

const key = (dir: string, name: string): string => `${dir}\0${name}`;

/** Replayed states kept (see Graph.cache); replaying again gives the same answer, notes included. */
const STATES_KEPT = 4;

class Graph implements MigrationHistory {
  readonly notes: string[] = [];
  private readonly byPath = new Map<string, MigrationFacts>();
  private readonly byKey = new Map<string, MigrationFacts>();
  /** app label → migration directories with that label (two apps may share a label guess). */
  private readonly dirsOfLabel = new Map<string, Set<string>>();
  /** Replaced migration key → the squash that stands for it. */
  private readonly replacedBy = new Map<string, string>();
  /** Squashes not used because every migration they replace is present (the originals are replayed). */
  private readonly unusedSquashes = new Set<string>();
  private readonly extraDeps = new Map<string, MigrationRef[]>();
  /**
   * The answers of the last few migrations asked about (rules ask per analysed migration, several
   * times each). Bounded: each answer is a whole project state, and a whole-repository check asks
   * about every migration (DefectDojo: 180k field states, a third of the live heap, when all were kept).
   */
  private readonly cache = new Map<string, StateAnswer>();
  /** The states before each operation of the migration last asked about (stateBeforeOperation). */
  private opStates: { path: string; answers: Extract<StateAnswer, { status: "known" }>[] } | undefined;

  constructor(
    migrations: readonly MigrationFacts[],
    private readonly added: ReadonlySet<string>,
    private readonly changed?: ReadonlySet<string>,
  ) {
    const names = new Set(migrations.map((m) => key(m.dir, m.name)));
    const labels = appLabelsOfDirs(migrations, names);
    migrations = migrations.map((m) => {
      const label = labels.get(m.dir);
      return label && label !== m.app ? { ...m, app: label } : m;
    });
    for (const m of migrations) {
      this.byPath.set(m.path, m);
      this.byKey.set(key(m.dir, m.name), m);
      let dirs = this.dirsOfLabel.get(m.app);
      if (!dirs) this.dirsOfLabel.set(m.app, (dirs = new Set()));
      dirs.add(m.dir);
    }
    for (const m of migrations) {
      if (m.replaces.length === 0) continue;
      const replaced = m.replaces.map((r) => this.resolve(m, r));
      if (replaced.every((r) => r.kind === "found")) {
        this.unusedSquashes.add(m.path);
        continue;
      }
      for (const r of m.replaces) {
        const dir = this.dirFor(m, r.app);
        if (dir !== undefined) this.replacedBy.set(key(dir, r.name), m.path);
      }
    }
    // run_before: "X runs before Y" is a dependency of Y on X.
    for (const m of migrations) {
      for (const r of m.runBefore) {
        const target = this.resolve(m, r);
        if (target.kind !== "found") continue;
        const list = this.extraDeps.get(target.path) ?? [];
        list.push({ app: m.app, name: m.name });
        this.extraDeps.set(target.path, list);
      }
    }
  }

  migration(path: string): MigrationFacts | undefined {
    return this.byPath.get(path);
  }

  isAddedByChange(path: string): boolean {
    return this.added.has(path);
  }

  all(): readonly MigrationFacts[] {
    return [...this.byPath.values()];
  }

  appCodeChanged(migrationsDir: string): boolean | undefined {
    if (!this.changed) return undefined;
    const slash = migrationsDir.lastIndexOf("/");
    const appDir = slash === -1 ? "" : migrationsDir.slice(0, slash + 1);
    for (const path of this.changed) {
      if (path.endsWith(".py") && path.startsWith(appDir) && !path.startsWith(`${migrationsDir}/`)) return true;
    }
    return false;
  }

  createdByChange(app: string, modelName: string): "yes" | "no" | "unknown" {
    const wanted = modelName.toLowerCase();
    let answer: "no" | "unknown" = "no";
    for (const path of this.added) {
      const m = this.byPath.get(path);
      if (!m || m.app !== app) continue;
      if (m.operations === undefined) {
        answer = "unknown";
        continue;
      }
      if (m.operations.some((op) => createsModel(op, wanted))) return "yes";
    }
    return answer;
  }

  private dirFor(from: MigrationFacts, label: string): string | undefined {
    if (label === from.app) return from.dir;
    const dirs = this.dirsOfLabel.get(label);
    return dirs && dirs.size === 1 ? [...dirs][0] : undefined;
  }

  /** found: a node; external: an app not in the repository (django.contrib, a package); missing: in-repo app, unknown migration. */
  private resolve(from: MigrationFacts, ref: MigrationRef): { kind: "found"; path: string } | { kind: "external" } | { kind: "missing"; reason: string } {
    const dirs = this.dirsOfLabel.get(ref.app);
    if (!dirs) return { kind: "external" };
    const dir = this.dirFor(from, ref.app);
    if (dir === undefined) return { kind: "missing", reason: `app label "${ref.app}" is used by ${dirs.size} migration folders` };
    if (ref.name === "__first__" || ref.name === "__latest__") {
      const names = [...this.byKey.values()].filter((m) => m.dir === dir && !this.replacedBy.has(key(dir, m.name))).map((m) => m.name).sort();
      const pick = ref.name === "__first__" ? names[0] : names[names.length - 1];
      const m = pick === undefined ? undefined : this.byKey.get(key(dir, pick));
      return m ? { kind: "found", path: m.path } : { kind: "missing", reason: `no migrations in ${dir}` };
    }
    const k = key(dir, ref.name);
    const squash = this.replacedBy.get(k);
    if (squash !== undefined) return { kind: "found", path: squash };
    const m = this.byKey.get(k);
    return m ? { kind: "found", path: m.path } : { kind: "missing", reason: `${from.path} depends on ${ref.app}.${ref.name}, which is not in the repository` };
  }

  private dependenciesOf(m: MigrationFacts): MigrationRef[] {
    return [...m.dependencies, ...(this.extraDeps.get(m.path) ?? [])];
  }

  stateBefore(path: string): StateAnswer {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const answer = this.replayAncestors(path);
    this.cache.set(path, answer);
    // Map order is insertion order: the first key is the oldest answer.
    if (this.cache.size > STATES_KEPT) this.cache.delete(this.cache.keys().next().value!);
    return answer;
  }

  private replayAncestors(path: string): StateAnswer {
    const start = this.byPath.get(path);
    if (!start) return { status: "unknown", reason: `${path} is not in a migrations folder the history reads` };
    if (start.problem && start.operations === undefined) return { status: "unknown", reason: `${path}: ${start.problem}` };
    // Post-order depth-first walk: every dependency is replayed before its dependents.
    const order: MigrationFacts[] = [];
    const done = new Set<string>();
    const onPath = new Set<string>();
    const incomplete = new Set<string>();
    let cycle: string | undefined;
    const visit = (m: MigrationFacts): void => {
      if (done.has(m.path) || cycle) return;
      if (onPath.has(m.path)) {
        cycle = `dependency cycle through ${m.path}`;
        return;
      }
      onPath.add(m.path);
      const deps = this.dependenciesOf(m).map((r) => this.resolve(m, r));
      for (const dep of deps) {
        if (dep.kind === "found") {
          const d = this.byPath.get(dep.path);
          if (d && !this.unusedSquashes.has(d.path)) visit(d);
          else if (d) for (const r of d.replaces) {
            const inner = this.resolve(d, r);
            if (inner.kind === "found") visit(this.byPath.get(inner.path)!);
          }
        } else if (dep.kind === "missing") {
          incomplete.add(m.app);
          this.note(dep.reason);
        }
      }
      onPath.delete(m.path);
      done.add(m.path);
      if (m !== start) order.push(m);
    };
    visit(start);
    if (cycle) {
      this.note(cycle);
      return { status: "unknown", reason: cycle };
    }
    const state = new ProjectState();
    for (const m of order) {
      if (m.operations === undefined) {
        incomplete.add(m.app);
        this.note(`${m.path}: ${m.problem ?? "unreadable"}; the state of app ${m.app} after it is not known`);
        continue;
      }
      for (const op of m.operations) if (!state.apply(m.app, m.path, op)) incomplete.add(m.app);
    }
    return { status: "known", state, incomplete };
  }

  stateBeforeOperation(path: string, opIndex: number): StateAnswer {
    const before = this.stateBefore(path);
    const m = this.byPath.get(path);
    if (before.status !== "known" || !m?.operations || opIndex === 0) return before;
    // Each migration rule asks for every operation of the analysed migration in turn: keep that
    // migration's answers, each one the previous answer plus one operation (not a replay from the start).
    if (this.opStates?.path !== path) this.opStates = { path, answers: [before] };
    const answers = this.opStates.answers;
    for (let i = answers.length; i <= opIndex; i++) {
      const previous = answers[i - 1]!;
      const state = previous.state.clone();
      const incomplete = new Set(previous.incomplete);
      const op = m.operations[i - 1];
      if (op && !state.apply(m.app, m.path, op)) incomplete.add(m.app);
      answers.push({ status: "known", state, incomplete });
    }
    return answers[opIndex]!;
  }

  table(path: string, opIndex: number, modelName: string, app?: string): TableAnswer {
    const m = this.byPath.get(path);
    const answer = this.stateBeforeOperation(path, opIndex);
    if (!m) return { status: "unknown", reason: answer.status === "unknown" ? answer.reason : "not a known migration" };
    const label = app ?? m.app;
    const model = answer.status === "known" ? answer.state.model(label, modelName) : undefined;
    if (!model) {
      // The initial siblings' rule needs no replayed state: a cycle or an unreadable migration elsewhere does not change it.
      const creator = label === m.app ? this.initialCreator(m, modelName) : undefined;
      if (creator) return { status: "new", createdIn: creator.path };
      return { status: "unknown", reason: answer.status === "unknown" ? answer.reason : `no CreateModel for ${label}.${modelName} among the migrations before ${m.name}` };
    }
    if (this.isNewFor(path, model)) return { status: "new", createdIn: model.createdIn };
    return { status: "existing", model };
  }

  isNewFor(path: string, model: ModelState): boolean {
    return model.createdIn === path || this.added.has(model.createdIn) || this.initialSibling(path, model.createdIn);
  }

  /**
   * Both migrations are `initial = True` and in the same folder. makemigrations marks `initial` every
   * migration it writes for an app that has none yet, and only then: an app's initial migrations are
   * written by one run (`0001_initial`, `0002_initial` split off for foreign keys across apps, or a reset
   * that regenerated them all). A database applies them one after another, the tables of the first ones
   * still empty; a database that had the app before a reset has them faked (`--fake` / `--fake-initial`),
   * running no SQL. A hand-written `initial = True` on a later migration breaks this (not generated so).
   */
  /** An initial migration of `m`'s folder up to `m` itself that creates `modelName`, when `m` is initial (initialSibling). */
  private initialCreator(m: MigrationFacts, modelName: string): MigrationFacts | undefined {
    if (!m.initial) return undefined;
    const wanted = modelName.toLowerCase();
    return [...this.byPath.values()].find((c) => c.initial && c.dir === m.dir && c.name <= m.name && (c.operations ?? []).some((op) => createsModel(op, wanted)));
  }

  private initialSibling(path: string, createdIn: string): boolean {
    const m = this.byPath.get(path);
    const creator = this.byPath.get(createdIn);
    return m?.initial === true && creator?.initial === true && creator.dir === m.dir;
  }

  private note(message: string): void {
    if (!this.notes.includes(message) && this.notes.length < 200) this.notes.push(message);
  }
}

/** CreateModel of `name` (lower-case), also inside SeparateDatabaseAndState / RunSQL state operations. */
function createsModel(op: OperationFact, name: string): boolean {
  if (op.kind === "CreateModel") return opString(op, "name")?.toLowerCase() === name;
  if (op.kind !== "SeparateDatabaseAndState" && op.kind !== "RunSQL") return false;
  return (nestedOperations(op, "state_operations") ?? []).some((inner) => createsModel(inner, name));
}

/**
 * The app label of each migration folder as its own migrations spell it: a dependency `("core",
 * "0146_x")` from `pulpcore/app/migrations/0147_y.py` whose `0146_x` sits in the same folder says the
 * folder's label is `core` (an AppConfig label differing from the folder name). Folders without such a
 * dependency keep the folder-name guess.
 *
 * Only a dependency on an earlier migration (its name sorts before the depending one's) votes: Django
 * makes each migration of an app depend on the app's previous one, while `0002_initial` of one app
 * depends on `("other", "0002_initial")` of another, a name its own folder holds too. And a dependency
 * whose label is another folder's name guess, that folder holding the named migration, is that
 * folder's: after a reset every app has a `0001_initial`, and `("locations", "0001_initial")` from
 * `comments/migrations/0002_initial.py` names `locations/migrations/`, not `comments/migrations/`.
 */
function appLabelsOfDirs(migrations: readonly MigrationFacts[], names: ReadonlySet<string>): Map<string, string> {
  const dirsOfGuess = new Map<string, Set<string>>();
  for (const m of migrations) {
    const dirs = dirsOfGuess.get(m.app) ?? new Set<string>();
    dirs.add(m.dir);
    dirsOfGuess.set(m.app, dirs);
  }
  const votes = new Map<string, Map<string, number>>();
  for (const m of migrations) {
    for (const dep of m.dependencies) {
      if (!names.has(key(m.dir, dep.name)) || dep.name >= m.name) continue;
      const elsewhere = [...(dirsOfGuess.get(dep.app) ?? [])].some((dir) => dir !== m.dir && names.has(key(dir, dep.name)));
      if (elsewhere) continue;
      const forDir = votes.get(m.dir) ?? new Map<string, number>();
      forDir.set(dep.app, (forDir.get(dep.app) ?? 0) + 1);
      votes.set(m.dir, forDir);
    }
  }
  const out = new Map<string, string>();
  for (const [dir, counts] of votes) {
    const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (best) out.set(dir, best[0]);
  }
  return out;
}

export type { OperationFact };
