/**
 * Plain-data snapshots of the module-level code of settings-like modules (settings, celery apps): the
 * statements and expressions the settings evaluator interprets later, across modules. Reading them is
 * per file (a function of path and text only), so the result can be cached by blob sha.
 */

/** One expression, as far as settings evaluation cares; anything else is `other` with its text. */
export type SExpr =
  | { k: "str"; v: string; line: number }
  /** An f-string (or bytes): its value is not fixed; interpolated parts are kept for env detection. */
  | { k: "fstr"; parts: SExpr[]; text: string; line: number }
  | { k: "num"; v: number; line: number }
  | { k: "bool"; v: boolean; line: number }
  | { k: "none"; line: number }
  | { k: "name"; id: string; line: number }
  | { k: "attr"; obj: SExpr; name: string; text: string; line: number }
  | { k: "sub"; obj: SExpr; key: SExpr; text: string; line: number }
  | { k: "call"; fn: SExpr; args: SArg[]; text: string; line: number }
  | { k: "list"; items: SItem[]; tuple: boolean; line: number }
  | { k: "dict"; entries: SEntry[]; line: number }
  | { k: "bin"; op: string; left: SExpr; right: SExpr; text: string; line: number }
  | { k: "cmp"; ops: string[]; operands: SExpr[]; text: string; line: number }
  | { k: "and" | "or"; left: SExpr; right: SExpr; text: string; line: number }
  | { k: "not"; operand: SExpr; line: number }
  | { k: "neg"; operand: SExpr; text: string; line: number }
  | { k: "if"; cond: SExpr; then: SExpr; else: SExpr; text: string; line: number }
  | { k: "other"; text: string; line: number };

export interface SArg {
  /** `pos` positional, `kw` keyword, `star` *args, `dstar` **kwargs. */
  kind: "pos" | "kw" | "star" | "dstar";
  name?: string;
  value: SExpr;
}

export interface SItem {
  splat: boolean;
  value: SExpr;
}

export type SEntry = { key: SExpr; value: SExpr } | { splat: SExpr };

/** A subscript/attribute path on a module-level name: `CACHES["default"]["BACKEND"]` → name CACHES, keys. */
export interface STarget {
  name: string;
  /** Subscript keys (`["default"]`) and attribute names (`.conf`) in order. */
  path: Array<{ key: SExpr } | { attr: string }>;
}

export type SStmt =
  /** `A = B = value` (each target a plain name). */
  | { s: "assign"; names: string[]; value: SExpr; line: number }
  /** `A, B = value`. */
  | { s: "unpack"; names: string[]; value: SExpr; line: number }
  /** `A += value` (and other augmented operators). */
  | { s: "aug"; target: STarget; op: string; value: SExpr; line: number }
  /** `X["k"]["j"] = value`, `app.conf.task_routes = value`. */
  | { s: "set"; target: STarget; value: SExpr; line: number }
  | { s: "del"; target: STarget; line: number }
  /** A call statement: `X.append(v)`, `include("a.py")`, `app.conf.update(...)`. */
  | { s: "call"; call: SExpr; line: number }
  /** `from m import *` (module already made absolute). */
  | { s: "star"; module: string; line: number }
  /**
   * `import a.b` / `from m import n as local`: `local` is bound to the dotted `target`; `member` when
   * it is a name read from a module (`from m import n`), which may be a constant rather than a module.
   */
  | { s: "import"; local: string; target: string; member: boolean; line: number }
  /** if/elif/else: a branch without `cond` is the else branch. */
  | { s: "if"; branches: Array<{ cond?: SExpr; body: SStmt[] }>; line: number }
  | { s: "try"; body: SStmt[]; handlers: SStmt[][]; orelse: SStmt[]; final: SStmt[]; line: number }
  /** `def`/`class`: binds a name to something that is not a setting value. */
  | { s: "def"; name: string; line: number }
  /**
   * A class holding settings as attributes (`class Prod(Configuration)` of django-configurations, a class
   * assigning INSTALLED_APPS or DATABASES, or a subclass of one defined above): which class runs is chosen
   * at run time (DJANGO_CONFIGURATION and the like).
   */
  | { s: "settingsClass"; name: string; line: number }
  | { s: "raise"; line: number }
  /** Code the evaluator does not follow (loops, functions called with side effects): names it may change. */
  | { s: "opaque"; names: string[]; line: number };
