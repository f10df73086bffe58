/** What a settings module is for, from its name, and whether a module looks like Django settings at all. */
import type { SStmt } from "./syntax.js";

export type SettingsRole = "production" | "development" | "test" | "base" | "other";

const ROLE_TOKENS: ReadonlyArray<[SettingsRole, RegExp]> = [
  ["test", /^(test|tests|testing|unittest|unittests|ci|pytest|run_tests|runtests|spec|e2e)$/],
  ["production", /^(prod|production|live|deploy|deployment)$/],
  ["development", /^(dev|develop|development|local|debug|sandbox|example|demo)$/],
  ["base", /^(base|common|core|default|defaults|shared|global|components?|main)$/],
];

/** The role of a settings module from the last part(s) of its dotted name (`settings.production`, `settings_dev`). */
export function roleOf(module: string): SettingsRole {
  const parts = module.split(".");
  const last = parts[parts.length - 1] ?? "";
  const tokens = last.split(/[_-]/).filter((t) => t !== "" && t !== "settings");
  for (const [role, re] of ROLE_TOKENS) if (tokens.some((t) => re.test(t.toLowerCase()))) return role;
  return "other";
}

/**
 * Names that only Django settings modules assign; a file under `settings/` that assigns none of them
 * (and imports no other settings) is a helper module, a view or a model (`views/settings.py`).
 */
const DJANGO_SETTING_NAMES = new Set([
  "INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "DATABASES", "SECRET_KEY", "ROOT_URLCONF", "TEMPLATES",
  "DEBUG", "ALLOWED_HOSTS", "STATIC_URL", "STATIC_ROOT", "MEDIA_ROOT", "MEDIA_URL", "CACHES", "LOGGING",
  "REST_FRAMEWORK", "AUTH_USER_MODEL", "SESSION_ENGINE", "WSGI_APPLICATION", "ASGI_APPLICATION", "TIME_ZONE",
  "LANGUAGE_CODE", "USE_TZ", "USE_I18N", "DEFAULT_FILE_STORAGE", "STORAGES", "EMAIL_BACKEND",
  "AUTHENTICATION_BACKENDS", "CELERY_BROKER_URL", "BROKER_URL", "DEFAULT_AUTO_FIELD", "STATICFILES_DIRS",
  "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_SECURE", "AUTH_PASSWORD_VALIDATORS", "LOGIN_URL",
]);

export function assignedNames(statements: readonly SStmt[], out = new Set<string>()): Set<string> {
  for (const stmt of statements) {
    switch (stmt.s) {
      case "assign":
      case "unpack":
        for (const n of stmt.names) out.add(n);
        break;
      case "aug":
      case "set":
        out.add(stmt.target.name);
        break;
      case "if":
        for (const b of stmt.branches) assignedNames(b.body, out);
        break;
      case "try":
        assignedNames(stmt.body, out);
        for (const h of stmt.handlers) assignedNames(h, out);
        assignedNames(stmt.orelse, out);
        assignedNames(stmt.final, out);
        break;
      default:
        break;
    }
  }
  return out;
}

export function assignsDjangoSettings(statements: readonly SStmt[]): boolean {
  for (const name of assignedNames(statements)) if (DJANGO_SETTING_NAMES.has(name)) return true;
  return false;
}

/** Star imports and split-settings include patterns, anywhere at module level (also inside if/try). */
export function pulledModules(statements: readonly SStmt[], out: { stars: string[]; includes: string[] } = { stars: [], includes: [] }): { stars: string[]; includes: string[] } {
  for (const stmt of statements) {
    if (stmt.s === "star") out.stars.push(stmt.module);
    else if (stmt.s === "call" && stmt.call.k === "call" && stmt.call.fn.k === "name" && stmt.call.fn.id === "include") {
      for (const arg of stmt.call.args) {
        if (arg.kind === "star") out.includes.push("*");
        else if (arg.value.k === "str") out.includes.push(arg.value.v);
        else if (arg.value.k === "call" && arg.value.args[0]?.value.k === "str") out.includes.push(arg.value.args[0].value.v);
      }
    } else if (stmt.s === "if") for (const b of stmt.branches) pulledModules(b.body, out);
    else if (stmt.s === "try") {
      pulledModules(stmt.body, out);
      for (const h of stmt.handlers) pulledModules(h, out);
    }
  }
  return out;
}
