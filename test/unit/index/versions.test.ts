/** Dependency files → package versions, and deployment files → the settings module they name. */
import { describe, expect, it } from "vitest";
import { buildVersions, readVersionSpecs, specAtLeast } from "../../../src/analysis/index/versions.js";
import { settingsModuleRefs } from "../../../src/analysis/index/settings/entry-points.js";

describe("readVersionSpecs", () => {
  it("reads requirements lines with extras, markers and comments", () => {
    const specs = readVersionSpecs("requirements/prod.txt", "-r base.txt\nDjango[argon2]>=4.2.3,<5 ; python_version >= '3.10'  # LTS\ncelery==5.3.6\nrequests\n# django==1.0\n");
    expect(specs.map((s) => [s.name, s.spec, s.exact ?? null, s.line])).toEqual([
      ["django", ">=4.2.3,<5", null, 2],
      ["celery", "==5.3.6", "5.3.6", 3],
    ]);
  });

  it("reads PEP 621 dependency arrays, Poetry and Pipfile tables", () => {
    const pep621 = readVersionSpecs("pyproject.toml", '[project]\ndependencies = [\n  "django~=5.1",\n  "djangorestframework>=3.15",\n]\n');
    expect(pep621.map((s) => `${s.name} ${s.spec}`)).toEqual(["django ~=5.1", "djangorestframework >=3.15"]);
    const pipfile = readVersionSpecs("Pipfile", '[packages]\nDjango = "==4.2.11"\ncelery = {version = "*", extras = ["redis"]}\n');
    expect(pipfile.map((s) => `${s.name} ${s.spec} ${s.exact ?? ""}`)).toEqual(["django ==4.2.11 4.2.11", "celery * "]);
  });

  it("reads lock files (uv.lock, Pipfile.lock)", () => {
    const uv = readVersionSpecs("uv.lock", '[[package]]\nname = "Django"\nversion = "5.2.1"\nsource = { registry = "x" }\n');
    expect(uv).toMatchObject([{ name: "django", exact: "5.2.1", line: 3 }]);
    const pipLock = readVersionSpecs("Pipfile.lock", '{"default": {"django": {"hashes": ["sha256:x"], "version": "==4.2.7"}}}');
    expect(pipLock).toMatchObject([{ name: "django", exact: "4.2.7" }]);
  });
});

describe("version answers", () => {
  const spec = (s: string) => ({ name: "django", spec: s, path: "r.txt", line: 1 });
  it("is three-valued over ranges", () => {
    expect(specAtLeast(spec(">=4.2"), "4.1")).toBe(true);
    expect(specAtLeast(spec(">=4.2"), "5.0")).toBeUndefined();
    expect(specAtLeast(spec("<4.0"), "4.0")).toBe(false);
    expect(specAtLeast(spec("~=3.2.0"), "4.0")).toBe(false);
    expect(specAtLeast(spec("^4.2"), "5.0")).toBe(false);
    expect(specAtLeast(spec("^4.2"), "4.3")).toBeUndefined();
    expect(specAtLeast(spec("==4.2.*"), "4.2")).toBe(true);
    expect(specAtLeast(spec(""), "4.2")).toBeUndefined();
  });
  it("needs every source to agree, and prefers a lock file", () => {
    const v = buildVersions([
      { name: "django", spec: ">=4.2", path: "requirements.txt", line: 1 },
      { name: "django", spec: "==3.2", exact: "3.2", path: "requirements/legacy.txt", line: 1 },
    ]);
    expect(v.djangoAtLeast("4.0")).toBeUndefined();
    const locked = buildVersions([
      { name: "django", spec: ">=4.2", path: "pyproject.toml", line: 1 },
      { name: "django", spec: "5.1.2", exact: "5.1.2", path: "poetry.lock", line: 9 },
    ]);
    expect(locked.package("Django")?.exact).toBe("5.1.2");
    expect(locked.djangoAtLeast("5.0")).toBe(true);
  });
});

describe("settingsModuleRefs", () => {
  it("reads Dockerfile, compose and Python entry points, not comments or shell variables", () => {
    expect(settingsModuleRefs("Dockerfile", "ENV DJANGO_SETTINGS_MODULE=config.settings.prod\n# ENV DJANGO_SETTINGS_MODULE=x.y\nENV DJANGO_SETTINGS_MODULE $SETTINGS\n").map((r) => r.module)).toEqual(["config.settings.prod"]);
    expect(settingsModuleRefs("docker/Dockerfile.web", "ENV DJANGO_SETTINGS_MODULE config.settings.live\n").map((r) => `${r.kind} ${r.module}`)).toEqual(["docker config.settings.live"]);
    expect(settingsModuleRefs("docker-compose.yml", "    environment:\n      - DJANGO_SETTINGS_MODULE=app.settings.docker\n      DJANGO_SETTINGS_MODULE: app.settings.other\n").map((r) => r.module)).toEqual(["app.settings.docker", "app.settings.other"]);
    expect(settingsModuleRefs("proj/wsgi.py", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n# os.environ["DJANGO_SETTINGS_MODULE"] = "old"\nos.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings.prod"\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.%s" % MODE)\n').map((r) => `${r.kind} ${r.module} ${r.line}`)).toEqual(["wsgi proj.settings 1", "wsgi proj.settings.prod 3"]);
  });
});
