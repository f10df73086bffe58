/**
 * Which repository files the ProjectIndex needs, by path alone, so the GitHub App fetches a few
 * hundred blobs instead of a whole repository. Generous within bounds: model modules and packages,
 * the modules models inherit from or lean on (managers, mixins, base/abstract classes, fields,
 * signal receivers), app configs, settings and requirements. Migrations are not needed for models.
 */
import { isMigrationPath } from "../source-file.js";
import { isSettingsReferenceFile } from "./settings/entry-points.js";
import { isCommandRunFile } from "./command-runs.js";
import { isDependencyFile } from "./versions.js";

/** Module names (file or package) that hold models or what models are built from. */
const MODEL_SIDE_NAMES = new Set([
  "models",
  "managers",
  "manager",
  "mixin",
  "querysets",
  "queryset",
  "mixins",
  "base",
  "abstract",
  "abstracts",
  "fields",
  "signals",
  "receivers",
  "handlers",
  "apps",
]);

/** Package directories whose every module is model-side (`shop/models/orders.py`, `core/mixins/audit.py`). */
const MODEL_SIDE_DIRS = new Set(["models", "managers", "querysets", "mixins", "abstract", "fields", "signals", "receivers"]);

/** Third-party code that is not the project's (vendored environments, caches). */
const VENDORED = /(^|\/)(node_modules|site-packages|dist-packages|\.venv|venv|\.tox|\.nox|\.git|__pycache__|\.mypy_cache)\//;
/** Recorded data and documents, not deployment: test fixtures, cassettes, static files, docs. */
const FIXTURE_DIRS = /(^|\/)(fixtures|cassettes|vcr_cassettes|static|docs?|locale|testdata|test_data)\//;

/**
 * Test code: its models would make labels and names ambiguous, and rules skip tests by default. A
 * `test/` folder is not matched here: it may be a Django app (`dojo/test/`); `selectIndexPaths`, which
 * sees every path, drops the `test/` folders that are not apps (see `testSuiteFolders`).
 */
const TEST_CODE = /(^|\/)(tests|unittests)\/|(^|\/)(test_[^/]*|[^/]*_tests?|conftest)\.py$/;

export function isTestCodePath(path: string): boolean {
  return TEST_CODE.test(path);
}

/** Files the settings part of the index reads: wsgi/asgi/manage name the settings module in use. */
const SETTINGS_ENTRY_POINTS = new Set(["wsgi.py", "asgi.py", "manage.py"]);


/** Upper bound on selected files: an index over more than this is not worth the download. */
export const MAX_INDEX_PATHS = 10_000;

function isProjectPython(path: string): boolean {
  return path.endsWith(".py") && !VENDORED.test(path) && !TEST_CODE.test(path) && !isMigrationPath(path);
}

/**
 * Layers whose mixins and bases are not the models' (`api/mixins.py`, `forms/base.py`): skipped unless
 * the file is a models module itself.
 */
const NON_MODEL_LAYERS = new Set(["api", "graphql", "forms", "views", "serializers", "templatetags", "admin", "management"]);

/** models.py, models/ packages and the modules models are built from (`shop/managers.py`, `core/mixins/…`). */
export function isModelSidePath(path: string): boolean {
  if (!isProjectPython(path)) return false;
  const parts = path.split("/");
  const file = (parts.pop() ?? "").replace(/\.py$/, "");
  // `abstract_models.py`, `models_base.py`, `base_models.py`: named for the models they hold.
  if (file === "models" || parts.includes("models") || isNamedForModels(file)) return true;
  if (parts.some((dir) => NON_MODEL_LAYERS.has(dir))) return false;
  return MODEL_SIDE_NAMES.has(file) || parts.some((dir) => MODEL_SIDE_DIRS.has(dir));
}

/** A module name that says it holds models: `*_models`, `models_*`, `abstract*`. */
function isNamedForModels(file: string): boolean {
  return /^[a-z0-9_]+_models$|^models_[a-z0-9_]+$|^abstract[a-z0-9_]*$/.test(file);
}

/**
 * Settings modules: `settings.py`, `settings/*.py`, `settings_*.py`, `*_settings.py`
 * (`config/settings/production.py`, `test_settings.py`), not `shop_settings_update.py`.
 */
export function isSettingsPath(path: string): boolean {
  if (!path.endsWith(".py") || VENDORED.test(path) || isMigrationPath(path) || /(^|\/)(tests?|unittests)\//.test(path)) return false;
  const parts = path.split("/");
  const file = (parts.pop() ?? "").replace(/\.py$/, "");
  return parts.includes("settings") || /^settings([_.-]|$)|[_.-]settings$/.test(file);
}

/** Modules that usually create the Celery app or hold its config (`proj/celery.py`, `celery_app.py`, `celeryconfig.py`). */
export function isCeleryAppPath(path: string): boolean {
  const file = (path.slice(path.lastIndexOf("/") + 1) ?? "").replace(/\.py$/, "");
  return path.endsWith(".py") && /^(celery|celery_?app|celery_?config|celeryconf|[a-z0-9]+_celery)$/i.test(file);
}

/** A module-level assignment of a setting only settings modules make (a defaults module star-imported by settings). */
const SETTINGS_ASSIGNMENT = /^(INSTALLED_APPS|MIDDLEWARE|DATABASES|CACHES|REST_FRAMEWORK|ROOT_URLCONF)\s*\+?=/m;

/** Modules whose module-level code the settings evaluator reads: settings, Celery apps and their config. */
export function wantsSettingsCode(path: string, text: string): boolean {
  if (isMigrationPath(path)) return false;
  return isSettingsPath(path) || isCeleryAppPath(path) || /\bCelery\s*\(|config_from_object\s*\(/.test(text) || SETTINGS_ASSIGNMENT.test(text);
}

/**
 * `test/` folders that are test suites, not Django apps: the folder itself holds no `models.py`,
 * `models/` package or `apps.py`. Returned as path prefixes (`pkg/test/`).
 */
export function testSuiteFolders(allPaths: readonly string[]): Set<string> {
  const testFolders = new Set<string>();
  const apps = new Set<string>();
  for (const path of allPaths) {
    const parts = path.split("/");
    for (let i = 0; i < parts.length - 1; i++) {
      if (parts[i] !== "test") continue;
      const folder = `${parts.slice(0, i + 1).join("/")}/`;
      testFolders.add(folder);
      const rest = parts.slice(i + 1);
      if (rest[0] === "models" || (rest.length === 1 && (rest[0] === "models.py" || rest[0] === "apps.py"))) apps.add(folder);
    }
  }
  return new Set([...testFolders].filter((f) => !apps.has(f)));
}

/**
 * Modules where Celery tasks and configuration usually live (`tasks.py`, `tasks/…`, `celery.py`,
 * `celeryconfig.py`, `celery_app.py`). Tasks defined elsewhere are found when the file is analysed
 * (the CLI passes analysed files that mention Celery to the index as well).
 */
export function isCeleryPath(path: string): boolean {
  if (!isProjectPython(path)) return false;
  const parts = path.split("/");
  const file = (parts.pop() ?? "").replace(/\.py$/, "");
  return file === "tasks" || /celery/i.test(file) || parts.includes("tasks");
}

/**
 * Modules where DRF serializers and views usually live (`serializers.py`, `api/views.py`, `viewsets/…`),
 * the QuerySet helper modules their `get_queryset` calls (`queries.py`, `selectors.py`), and their filter
 * backends (`filters.py`, `api_filters.py`: a backend may cut every list down to named keys).
 */
// `query_filters.py`, `user_queries.py`: QuerySet helpers (and the registries plug-ins fill) that views call.
const DRF_NAMES = /^(serializers?|views?|viewsets?|api|apis|endpoints?|query|queries|querysets|selectors|filters|mixins)$|_serializers?$|^serializers?_|_views?$|_viewsets?$|_filters$|^quer(?:y|ies)_\w+$|_quer(?:y|ies)$/;
const DRF_DIRS = new Set(["serializers", "views", "viewsets", "api", "apis", "rest", "endpoints"]);

export function isDrfPath(path: string): boolean {
  if (!isProjectPython(path)) return false;
  const parts = path.split("/");
  const file = (parts.pop() ?? "").replace(/\.py$/, "");
  return DRF_NAMES.test(file) || parts.some((dir) => DRF_DIRS.has(dir));
}

/**
 * Forms, validators, middleware and upload-handler modules (`shop/forms.py`, `shop/forms/upload.py`,
 * `core/validators.py`, `core/middleware.py`, `core/uploadhandlers.py`): where upload size caps live
 * (DJP504). A pull request reads them besides the changed files, so a view's read of a form field is
 * judged with the form's validators, and the settings' upload handlers and middleware, in sight.
 */
export function isFormSidePath(path: string): boolean {
  return isProjectPython(path) && /(^|\/)(forms|validators|middlewares?|upload_?handlers?)(\.py$|\/[^/]+\.py$)/.test(path);
}

export function selectIndexPaths(allPaths: readonly string[], limit = MAX_INDEX_PATHS): string[] {
  const models: string[] = [];
  const settings: string[] = [];
  const other: string[] = [];
  const drf: string[] = [];
  const suites = [...testSuiteFolders(allPaths)];
  for (const path of allPaths) {
    if (suites.some((folder) => path.startsWith(folder))) continue;
    // `settings/base.py` is a settings module, not a model base module.
    if (isSettingsPath(path)) settings.push(path);
    else if (isModelSidePath(path) || isCeleryPath(path)) models.push(path);
    else if (isDrfPath(path)) drf.push(path);
    else if ((isDependencyFile(path) || isSettingsReferenceFile(path) || (isCommandRunFile(path) && !FIXTURE_DIRS.test(path))) && !VENDORED.test(path) && !TEST_CODE.test(path)) other.push(path);
    else if (isProjectPython(path) && (SETTINGS_ENTRY_POINTS.has(path.slice(path.lastIndexOf("/") + 1)) || isCeleryAppPath(path))) other.push(path);
  }
  // Over the bound, model files come first: they are what most rules depend on.
  const selected = [...models, ...settings, ...other, ...drf].slice(0, limit);
  return [...selected, ...packageInits(selected, allPaths)].slice(0, limit);
}

/**
 * The `__init__.py` of every package a selected module sits in: a package re-exports its modules'
 * classes (`from .mixins import ListMixin`), and `from pkg import ListMixin` resolves only through it.
 */
function packageInits(selected: readonly string[], allPaths: readonly string[]): string[] {
  const present = new Set(allPaths);
  const chosen = new Set(selected);
  const out = new Set<string>();
  for (const path of selected) {
    for (let cut = path.lastIndexOf("/"); cut > 0; cut = path.lastIndexOf("/", cut - 1)) {
      const init = `${path.slice(0, cut)}/__init__.py`;
      if (out.has(init)) break;
      if (present.has(init) && !chosen.has(init)) out.add(init);
    }
  }
  return [...out];
}

/** Upper bound on modules read for the lookup count (DJP211): above it the count is not worth the reads. */
export const MAX_LOOKUP_PATHS = 5_000;

/**
 * Every project module whose lookups the index advisor counts (tests, migrations and vendored code
 * left out), or none when the repository has more than MAX_LOOKUP_PATHS of them: a partial count
 * would under-count, and the advisor stays silent rather than guess.
 */
export function selectLookupPaths(allPaths: readonly string[], included: (path: string) => boolean): string[] {
  const paths = allPaths.filter((p) => isProjectPython(p) && included(p));
  return paths.length > MAX_LOOKUP_PATHS ? [] : paths;
}
