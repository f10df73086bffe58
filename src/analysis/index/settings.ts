/**
 * `AUTH_USER_MODEL` from the settings modules (`settings.py`, `settings/*.py`, `*settings*.py`).
 * Only a string literal counts; settings modules that disagree leave it unknown.
 */
import type { ModuleFacts } from "./facts.js";
import type { Notes } from "./notes.js";
import { isSettingsPath } from "./select.js";

export function authUserModelOf(modules: Iterable<ModuleFacts>, notes: Notes): string | undefined {
  const values = new Map<string, string>();
  for (const mod of modules) {
    if (!isSettingsPath(mod.path)) continue;
    const value = mod.assigns.get("AUTH_USER_MODEL");
    if (!value) continue;
    if (value.t === "str") values.set(value.value, mod.path);
    else notes.add(`${mod.path}: AUTH_USER_MODEL is not a literal (${value.text}); ignored`);
  }
  if (values.size > 1) {
    notes.add(`AUTH_USER_MODEL differs between settings modules (${[...values].map(([v, p]) => `${v} in ${p}`).join(", ")}); left unknown`);
    return undefined;
  }
  return values.keys().next().value;
}

/**
 * The label `get_user_model()` and `settings.AUTH_USER_MODEL` stand for: the literal setting, or Django's
 * default `auth.User` when settings modules were read and none of them assigns it. Unknown otherwise (a
 * value built from the environment, disagreeing modules, or no settings module in sight).
 */
export function userModelLabel(modules: Iterable<ModuleFacts>, authUserModel: string | undefined): string | undefined {
  if (authUserModel !== undefined) return authUserModel;
  let settingsRead = false;
  for (const mod of modules) {
    if (!isSettingsPath(mod.path)) continue;
    if (mod.assigns.has("AUTH_USER_MODEL")) return undefined;
    settingsRead = true;
  }
  return settingsRead ? "auth.User" : undefined;
}
