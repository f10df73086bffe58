/**
 * Settings that are off wherever the project runs for users: `DEBUG`, a setting every settings module
 * the project runs with (the production module, or the non-test roots) sets to a false literal, or
 * one they read from the environment with a false default that a test settings module switches on
 * (`ALLOW_TEST_FIXTURE_SETUP = env("ALLOW_TEST_FIXTURE_SETUP", default=False)` in the base settings,
 * `= True` in `settings/test.py`: a switch for the test suite, rotation set 9). Code that runs only
 * when such a setting is on (`if settings.X:`, or after `if not settings.X: raise Http404`) serves
 * development or tests. An env switch without a test module turning it on is a deployment's
 * choice: not off.
 */
import type { SettingsIndex } from "../index/settings/index.js";
import { truthy, type SettingValue } from "../index/settings/values.js";

export function offWhereUsersAre(settings: SettingsIndex, name: string): boolean {
  if (name === "DEBUG") return true;
  const roots = settings.effectiveModules();
  if (roots.length === 0) return false;
  let fromEnv = false;
  for (const root of roots) {
    const found = root.lookup(name);
    if (found.status !== "set") return false;
    const off = offValue(found.value);
    if (off === undefined) return false;
    fromEnv ||= off === "env default";
  }
  return !fromEnv || switchedOnForTests(settings, name);
}

/** "literal" for a false literal, "env default" for an env lookup defaulting to one, else undefined. */
function offValue(value: SettingValue): "literal" | "env default" | undefined {
  if (value.kind === "unknown") return value.reason === "env" && value.default && truthy(value.default) === false ? "env default" : undefined;
  return truthy(value) === false ? "literal" : undefined;
}

function switchedOnForTests(settings: SettingsIndex, name: string): boolean {
  for (const info of settings.modules.values()) {
    if (info.role !== "test") continue;
    const found = settings.evaluated(info.module)?.lookup(name);
    if (found?.status === "set" && truthy(found.value) === true) return true;
  }
  return false;
}
