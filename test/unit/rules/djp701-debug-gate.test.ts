/**
 * DJP701 and the debug toolbar's own gate: the toolbar records nothing while DEBUG is off unless
 * `SHOW_TOOLBAR_CALLBACK` is overridden, so with an env-driven DEBUG it is reported at info (it still
 * belongs in the development settings); with DEBUG = True or an overridden callback it stays at warn.
 * silk and nplusone have no such gate and keep their level.
 */
import { describe, expect, it } from "vitest";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP701-dev-profilers-in-production";
const PATH = "proj/settings/production.py";

async function levels(settings: string): Promise<Record<string, string>> {
  const findings = await runRuleOn(await loadRule(FOLDER), PATH, settings, projectSources(FOLDER));
  const lines = settings.split("\n");
  return Object.fromEntries(findings.map((f) => [(lines[f.range.start.line - 1] ?? "").trim(), f.level]));
}

const apps = `INSTALLED_APPS += [\n    "debug_toolbar",\n    "silk",\n]\nMIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]\n`;

describe("DJP701: the debug toolbar gates itself on DEBUG", () => {
  it("reports the toolbar at info when production's DEBUG comes from the environment and the callback is the default", async () => {
    const got = await levels(`import os\nfrom .base import *\nDEBUG = os.environ.get("DEBUG", False)\n${apps}`);
    expect(got['"debug_toolbar",']).toBe("info");
    // silk's app without its middleware records nothing (djp701 silk tests below).
    expect(got['"silk",']).toBeUndefined();
    expect(got['MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]']).toBe("info");
  });

  it("keeps warn when production sets DEBUG = True", async () => {
    const got = await levels(`from .base import *\nDEBUG = True\n${apps}`);
    expect(got['"debug_toolbar",']).toBe("warn");
    expect(got['MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]']).toBe("warn");
  });

  it("keeps warn when production overrides SHOW_TOOLBAR_CALLBACK", async () => {
    const got = await levels(`import os\nfrom .base import *\nDEBUG = os.environ.get("DEBUG", False)\nDEBUG_TOOLBAR_CONFIG = {"SHOW_TOOLBAR_CALLBACK": lambda request: request.user.is_superuser}\n${apps}`);
    expect(got['MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]']).toBe("warn");
  });
});

describe("DJP701: silk records in its middleware", () => {
  const silk = `INSTALLED_APPS += ["silk"]\n`;

  it("reports the installed app when production's MIDDLEWARE has the middleware unconditionally", async () => {
    const got = await levels(`from .base import *\n${silk}MIDDLEWARE += ["silk.middleware.SilkyMiddleware"]\n`);
    expect(got['INSTALLED_APPS += ["silk"]']).toBe("warn");
    expect(got['MIDDLEWARE += ["silk.middleware.SilkyMiddleware"]']).toBe("warn");
  });

  it("is quiet on the app when the middleware is added only under an environment flag", async () => {
    const got = await levels(`import os\nfrom .base import *\n${silk}SILK_ENABLED = os.getenv("SILK_ENABLED") == "1"\nif SILK_ENABLED:\n    MIDDLEWARE.append("silk.middleware.SilkyMiddleware")\n`);
    expect(got).toEqual({});
  });

  it("reports the app at info when MIDDLEWARE cannot be read", async () => {
    const got = await levels(`import os\nfrom .base import *\n${silk}MIDDLEWARE = os.environ["MIDDLEWARE"].split(",")\n`);
    expect(got['INSTALLED_APPS += ["silk"]']).toBe("info");
  });
});

describe("DJP701: a production-named module nothing loads is unverified", () => {
  const base = { path: "proj/settings/base.py", text: `DEBUG = False\nINSTALLED_APPS = ["django.contrib.auth"]\nMIDDLEWARE = []\n` };
  const init = { path: "proj/settings/__init__.py", text: `from .base import *\n` };
  const wsgi = (module: string) => ({ path: "proj/wsgi.py", text: `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n` });
  const prod = `from .base import *\nDEBUG = True\nINSTALLED_APPS += ["silk"]\nMIDDLEWARE += ["silk.middleware.SilkyMiddleware"]\n`;
  const run = async (project: Array<{ path: string; text: string }>) => {
    const findings = await runRuleOn(await loadRule(FOLDER), PATH, prod, project);
    return findings.map((f) => `${f.range.start.line}:${f.level}`);
  };

  it("keeps warn when an entry point names the module", async () => {
    expect(await run([base, init, wsgi("proj.settings.production")])).toEqual(["2:warn", "3:warn", "4:warn"]);
  });

  it("keeps warn when an entry point names a module that imports it", async () => {
    const importing = { path: "proj/settings/__init__.py", text: `from .production import *\n` };
    expect(await run([base, importing, wsgi("proj.settings")])).toEqual(["2:warn", "3:warn", "4:warn"]);
  });

  it("reports at info when the entry points load other settings that do not import it", async () => {
    const findings = await runRuleOn(await loadRule(FOLDER), PATH, prod, [base, init, wsgi("proj.settings")]);
    expect(findings.map((f) => `${f.range.start.line}:${f.level}`)).toEqual(["2:info", "3:info", "4:info"]);
    expect(findings[0]?.message).toContain("unverified: the entry points load other settings (proj/wsgi.py:2 names proj.settings)");
  });

  it("reports at info when no entry point names any settings module", async () => {
    const findings = await runRuleOn(await loadRule(FOLDER), PATH, prod, [base, init]);
    expect(findings.map((f) => f.level)).toEqual(["info", "info", "info"]);
    expect(findings[0]?.message).toContain("no entry point in the repository");
  });
});
