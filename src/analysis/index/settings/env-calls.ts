/**
 * Which calls read the deployment environment. Their result is "unknown (env)", with the literal
 * default when one is given: the value in production is whatever the deployment sets.
 */

/** Functions taking (variable, default): `os.environ.get("X", "d")`, `os.getenv("X")`. */
export const ENV_GETTERS: ReadonlySet<string> = new Set([
  "os.environ.get",
  "os.getenv",
  "os.environ.setdefault",
  "os.environ.pop",
  "os.environ.__getitem__",
  "os.environb.get",
  "decouple.config",
  "prettyconf.config",
  "everett.manager.config",
]);

/** Calling these builds an env reader object: `env = environ.Env(...)`, `config = AutoConfig(...)`. */
export const READER_FACTORIES: ReadonlyMap<string, string> = new Map([
  ["environ.Env", "django-environ"],
  ["environ.FileAwareEnv", "django-environ"],
  ["environ.environ.Env", "django-environ"],
  ["environs.Env", "environs"],
  ["environs.FileAwareEnv", "environs"],
  ["decouple.AutoConfig", "decouple"],
  ["decouple.Config", "decouple"],
  ["configurations.values", "django-configurations"],
]);

/** Imported names that already are env readers: `from decouple import config`. */
export const READER_IMPORTS: ReadonlyMap<string, string> = new Map([
  ["decouple.config", "decouple"],
  ["prettyconf.config", "prettyconf"],
]);

/** Database URL helpers: the URL comes from `DATABASE_URL` unless another variable is named. */
export const DATABASE_URL_HELPERS: ReadonlySet<string> = new Set(["dj_database_url.config", "dj_database_url.parse", "dj_db_url.config", "environ.Env.db_url_config"]);

/** `Celery(...)` creates an app whose `conf` the Celery part of the index reads. */
export const CELERY_APP_CLASSES: ReadonlySet<string> = new Set(["celery.Celery", "celery.app.Celery", "celery.app.base.Celery"]);
export const CELERY_APP_MARKER = "celery.Celery()";

/** django-split-settings: `include("components/*.py", optional("local.py"))` runs files in this module's namespace. */
export const SPLIT_SETTINGS_INCLUDE: ReadonlySet<string> = new Set(["split_settings.tools.include", "split_settings.include"]);
export const SPLIT_SETTINGS_OPTIONAL: ReadonlySet<string> = new Set(["split_settings.tools.optional", "split_settings.optional"]);

/**
 * Project helpers named like env readers (`get_env_variable("SECRET_KEY")`, `env_bool("DEBUG", False)`),
 * recognised only when the first argument is an upper-case variable name.
 */
const HELPER_NAME = /^(get_?)?(env|environ|environment)(_?(var|variable|value|setting|bool|int|str|list|float|json))?$|^getenv$|^env_\w+$|^get_env_\w+$|^(get_)?secret$/i;
const ENV_VARIABLE = /^[A-Z][A-Z0-9_]*$/;

export function looksLikeEnvHelper(lastName: string, firstArg: string | undefined): boolean {
  return firstArg !== undefined && ENV_VARIABLE.test(firstArg) && HELPER_NAME.test(lastName);
}

/** Functions that return their (first) argument's value unchanged, as far as settings are concerned. */
export const IDENTITY_CALLS: ReadonlySet<string> = new Set(["copy.copy", "copy.deepcopy", "builtins.list", "builtins.tuple", "builtins.dict"]);
