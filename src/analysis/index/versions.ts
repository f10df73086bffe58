/**
 * Package versions from dependency files (requirements*.txt/.in, pyproject.toml, setup.cfg/setup.py,
 * Pipfile, Pipfile.lock, poetry.lock, uv.lock), for version-aware advice (RULES.md §2.8: Django ≥ 4.1
 * bulk upsert, ≥ 5.0 `db_default`, ≥ 6.1 fetch modes). Per-file reading is text-only; answers are
 * three-valued (undefined = not known).
 */

export interface VersionSpec {
  /** Normalised package name (`djangorestframework`). */
  name: string;
  /** The constraint as written (`>=4.2,<5.0`, `^4.2`, `==4.2.7`, `4.2.7` for locks). */
  spec: string;
  /** A lock file or an exact `==` pin. */
  exact?: string;
  path: string;
  line: number;
}

export interface PackageVersion {
  name: string;
  specs: VersionSpec[];
  /** The version when every source pins the same exact one. */
  exact?: string;
  /** true / false when every source proves it, undefined otherwise. */
  atLeast(version: string): boolean | undefined;
}

export interface Versions {
  package(name: string): PackageVersion | undefined;
  /** Shorthand for `package("django")?.atLeast(v)`. */
  djangoAtLeast(version: string): boolean | undefined;
}

/** Packages that measure response times (APM, metrics): DJP702 asks the index for them. */
export const APM_PACKAGES = [
  "sentry-sdk",
  "newrelic",
  "ddtrace",
  "elastic-apm",
  "scout-apm",
  "django-prometheus",
  "opentelemetry-instrumentation-django",
  "django-statsd",
  "django-statsd-mozilla",
  "datadog",
] as const;

/** Packages that watch Celery queues and workers (DJP702). */
export const CELERY_MONITOR_PACKAGES = ["flower", "celery-exporter", "celery-prometheus-exporter", "leek"] as const;

/** Packages whose version changes what djperf advises. */
const WATCHED = [
  "django",
  "djangorestframework",
  "celery",
  "django-environ",
  "python-decouple",
  "django-pg-zero-downtime-migrations",
  "django-auto-prefetch",
  "django-redis",
  "django-storages",
  "psycopg",
  "psycopg2",
  "psycopg2-binary",
  // MySQL drivers: the vendor when DATABASES is env-driven and no PostgreSQL driver is listed.
  "mysqlclient",
  "pymysql",
  "mysql-connector-python",
  "django-split-settings",
  // Monitoring and profiling (DJP701, DJP702): presence is what matters.
  ...APM_PACKAGES,
  ...CELERY_MONITOR_PACKAGES,
  "django-debug-toolbar",
  "django-silk",
  "nplusone",
  "django-zeal",
];

export function isDependencyFile(path: string): boolean {
  const file = path.slice(path.lastIndexOf("/") + 1);
  return (
    /^requirements[^/]*\.(txt|in)$/i.test(file) ||
    /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path) ||
    /^(pyproject\.toml|setup\.cfg|setup\.py|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock)$/.test(file)
  );
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[._]+/g, "-");
}

export function readVersionSpecs(path: string, text: string): VersionSpec[] {
  const file = path.slice(path.lastIndexOf("/") + 1);
  if (file === "poetry.lock" || file === "uv.lock") return lockSpecs(path, text);
  if (file === "Pipfile.lock") return pipfileLockSpecs(path, text);
  const out: VersionSpec[] = [];
  const lines = text.split(/\r?\n/);
  const tomlLike = file === "pyproject.toml" || file === "Pipfile";
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "");
    if (tomlLike) {
      // Poetry / Pipfile tables: `django = "^4.2"` or `django = { version = ">=4.2", extras = [...] }`.
      const table = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=\s*(?:"([^"]*)"|'([^']*)'|\{[^}]*\bversion\s*=\s*["']([^"']*)["'])/.exec(line);
      if (table?.[1] && WATCHED.includes(normaliseName(table[1]))) push(out, table[1], table[2] ?? table[3] ?? table[4] ?? "", path, i + 1);
    }
    // PEP 508 strings in arrays (pyproject `dependencies`, setup.py `install_requires`).
    for (const m of line.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*((?:[<>=!~]=?|===)[^"';]*)?(?:;[^"']*)?["']/g)) {
      if (m[1] && WATCHED.includes(normaliseName(m[1]))) push(out, m[1], m[3] ?? "", path, i + 1);
    }
    if (!tomlLike && !file.endsWith(".py")) {
      // requirements lines (and setup.cfg install_requires continuation lines).
      const req = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*((?:[<>=!~]=?|===)[^;\s#]*(?:\s*,\s*(?:[<>=!~]=?|===)[^;\s#,]*)*)?\s*(;.*)?$/.exec(line);
      if (req?.[1] && WATCHED.includes(normaliseName(req[1]))) push(out, req[1], req[3] ?? "", path, i + 1);
    }
  });
  return dedupe(out);
}

function push(out: VersionSpec[], name: string, spec: string, path: string, line: number): void {
  const clean = spec.trim();
  const pin = /^===?\s*([0-9][\w.]*)$/.exec(clean);
  out.push({ name: normaliseName(name), spec: clean, ...(pin?.[1] && !pin[1].includes("*") ? { exact: pin[1] } : {}), path, line });
}

function dedupe(specs: VersionSpec[]): VersionSpec[] {
  const seen = new Set<string>();
  return specs.filter((s) => {
    const key = `${s.name}|${s.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `[[package]] name = "django" version = "4.2.7"` blocks of poetry.lock / uv.lock. */
function lockSpecs(path: string, text: string): VersionSpec[] {
  const out: VersionSpec[] = [];
  const lines = text.split(/\r?\n/);
  let name: string | undefined;
  lines.forEach((line, i) => {
    if (/^\[\[package\]\]/.test(line)) name = undefined;
    const n = /^name\s*=\s*"([^"]+)"/.exec(line);
    if (n?.[1]) name = normaliseName(n[1]);
    const v = /^version\s*=\s*"([^"]+)"/.exec(line);
    if (v?.[1] && name && WATCHED.includes(name)) {
      out.push({ name, spec: v[1], exact: v[1], path, line: i + 1 });
      name = undefined;
    }
  });
  return out;
}

function pipfileLockSpecs(path: string, text: string): VersionSpec[] {
  const out: VersionSpec[] = [];
  for (const m of text.matchAll(/"([A-Za-z0-9][A-Za-z0-9._-]*)"\s*:\s*\{[^{}]*?"version"\s*:\s*"==([^"]+)"/g)) {
    const name = normaliseName(m[1] ?? "");
    if (!WATCHED.includes(name) || !m[2]) continue;
    const line = text.slice(0, m.index ?? 0).split("\n").length;
    out.push({ name, spec: `==${m[2]}`, exact: m[2], path, line });
  }
  return out;
}

export function buildVersions(specs: readonly VersionSpec[]): Versions {
  const byName = new Map<string, VersionSpec[]>();
  for (const s of specs) {
    const list = byName.get(s.name);
    if (list) list.push(s);
    else byName.set(s.name, [s]);
  }
  const packages = new Map<string, PackageVersion>();
  for (const [name, list] of byName) {
    // A lock file is what is installed: when there is one, the manifests' ranges add nothing.
    const locked = list.filter((s) => /\.lock$/.test(s.path));
    const used = locked.length > 0 ? locked : list;
    const exacts = new Set(used.map((s) => s.exact));
    const exact = exacts.size === 1 ? [...exacts][0] : undefined;
    packages.set(name, {
      name,
      specs: used,
      ...(exact !== undefined ? { exact } : {}),
      atLeast(version) {
        const answers = used.map((s) => specAtLeast(s, version));
        if (answers.every((a) => a === true)) return true;
        if (answers.every((a) => a === false)) return false;
        return undefined;
      },
    });
  }
  return {
    package: (name) => packages.get(normaliseName(name)),
    djangoAtLeast: (version) => packages.get("django")?.atLeast(version),
  };
}

type Parts = number[];

function parse(version: string): Parts | undefined {
  const m = /^(\d+(?:\.\d+)*)/.exec(version.trim());
  return m?.[1] ? m[1].split(".").map(Number) : undefined;
}

function cmp(a: Parts, b: Parts): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Does every version the spec allows reach `version`? false when none does; undefined when some do. */
export function specAtLeast(spec: VersionSpec, version: string): boolean | undefined {
  const want = parse(version);
  if (!want) return undefined;
  if (spec.exact) {
    const v = parse(spec.exact);
    return v ? cmp(v, want) >= 0 : undefined;
  }
  let min: Parts | undefined;
  let maxExclusive: Parts | undefined;
  for (const clause of spec.spec.split(",").map((c) => c.trim()).filter(Boolean)) {
    const m = /^(>=|>|==|~=|\^|~|<=|<|!=)?\s*v?([0-9][\w.*]*)$/.exec(clause);
    if (!m?.[2]) continue;
    const op = m[1] ?? "==";
    const v = parse(m[2].replace(/\.\*$/, ""));
    if (!v) continue;
    switch (op) {
      case ">=":
      case ">":
      case "~=":
      case "^":
      case "~":
        if (!min || cmp(v, min) > 0) min = v;
        if (op === "^") maxExclusive = caretUpper(v);
        if (op === "~=") maxExclusive = v.length > 1 ? [...v.slice(0, -2), (v[v.length - 2] ?? 0) + 1] : undefined;
        break;
      case "==":
        // `==4.2.*`: 4.2.x.
        min = v;
        maxExclusive = m[2].endsWith(".*") ? [...v.slice(0, -1), (v[v.length - 1] ?? 0) + 1] : [...v.slice(0, -1), (v[v.length - 1] ?? 0) + 1];
        break;
      case "<":
        maxExclusive = v;
        break;
      case "<=":
        maxExclusive = [...v.slice(0, -1), (v[v.length - 1] ?? 0) + 1];
        break;
      default:
        break;
    }
  }
  if (min && cmp(min, want) >= 0) return true;
  if (maxExclusive && cmp(maxExclusive, want) <= 0) return false;
  return undefined;
}

function caretUpper(v: Parts): Parts {
  const i = v.findIndex((p) => p !== 0);
  if (i < 0) return [0, 0, 1];
  return [...v.slice(0, i), (v[i] ?? 0) + 1];
}
