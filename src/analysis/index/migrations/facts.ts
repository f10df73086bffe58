/**
 * What the migration history reads out of one migration module: plain data (Expr snapshots), so the
 * tree can be dropped and the facts cached per blob sha. Nothing here is resolved across files.
 */
import type { Expr } from "../expr.js";

/** One element of `operations = [...]`: the operation class (last dotted name) and its arguments. */
export interface OperationFact {
  /** `AddField`, `AddIndexConcurrently`, `RunPython`, … (last part of the called name). */
  kind: string;
  args: Expr[];
  kwargs: Map<string, Expr>;
  hasSplat: boolean;
  /** 1-based line of the operation call. */
  line: number;
  text: string;
}

/** A dependency as written: `("shop", "0003_order")`; `swappable_dependency(...)` and `__first__`/`__latest__` kept as names. */
export interface MigrationRef {
  app: string;
  name: string;
}

export interface MigrationFacts {
  path: string;
  /** File name without `.py`: the migration's name. */
  name: string;
  /** Directory that holds the migration (`shop/migrations`). */
  dir: string;
  /** App label guess: the directory above `migrations/`. */
  app: string;
  dependencies: MigrationRef[];
  runBefore: MigrationRef[];
  replaces: MigrationRef[];
  /** `atomic = False` written in the class (undefined when not set; Django's default is True). */
  atomic?: boolean;
  initial: boolean;
  /** Undefined when `operations` is not a literal list (built by code): the migration is opaque. */
  operations?: OperationFact[];
  /** Why the file says less than a migration should (no Migration class, syntax errors, computed lists). */
  problem?: string;
}
