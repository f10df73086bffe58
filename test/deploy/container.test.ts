/**
 * The container files, read as text (no Docker engine is needed): the Dockerfile's build stage can
 * compile the native addon, its runtime stage is slim, unprivileged, health-checked and holds what the
 * app reads at run time (compiled entry points, rule pages); docker-compose.yml wires app, workers and
 * Redis. Whether the image builds is checked where Docker runs (docs/scale-out.md).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import picomatch from "picomatch";
import { ruleDocPath } from "../../src/report/rule-docs.js";
import { RULES } from "../../rules/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, "utf8");

interface Stage {
  from: string;
  name?: string;
  instructions: string[];
}

/** Dockerfile instructions (continuation lines joined, comments dropped), grouped by stage. */
function stages(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  const out: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ from: from[1]!, ...(from[2] ? { name: from[2] } : {}), instructions: [] });
    else out.at(-1)?.instructions.push(line);
  }
  return out;
}

describe("Dockerfile", () => {
  const [build, runtime, ...more] = stages(read("Dockerfile"));

  it("has a build stage with the addon's toolchain and a slim runtime stage", () => {
    expect(more).toEqual([]);
    expect(build!.name).toBe("build");
    expect(build!.instructions.some((i) => /^RUN .*apt-get install .*python3.* make .*g\+\+/.test(i))).toBe(true);
    expect(build!.instructions.some((i) => /npm rebuild tree-sitter tree-sitter-python/.test(i))).toBe(true);
    expect(build!.instructions.some((i) => /npm run build/.test(i) && /npm prune --omit=dev/.test(i))).toBe(true);
    expect(runtime!.from).toMatch(/slim/);
    // No toolchain at run time; git only, which `djperf diff` needs.
    expect(runtime!.instructions.some((i) => /g\+\+|\bmake\b|python3|build-essential/.test(i))).toBe(false);
    expect(runtime!.instructions.some((i) => /^RUN .*apt-get install .*\bgit\b/.test(i))).toBe(true);
  });

  it("pins both stages to one slim base image of a supported Node LTS (22) by digest", () => {
    for (const stage of [build!, runtime!]) expect(stage.from).toMatch(/^node:22-bookworm-slim@sha256:[0-9a-f]{64}$/);
    expect(runtime!.from).toBe(build!.from);
  });

  it("listens on all interfaces (issue 12, item 3): Probot's default host is loopback, unreachable through `docker run -p`", () => {
    const env = runtime!.instructions.filter((i) => i.startsWith("ENV ")).join(" ");
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(read("README.md")).toMatch(/`HOST`/);
  });

  it("runs as a non-root user, health-checks /healthz and starts the server", () => {
    const user = runtime!.instructions.find((i) => i.startsWith("USER "));
    expect(user).toBeDefined();
    expect(user!.slice(5).trim()).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime!.instructions.find((i) => i.startsWith("HEALTHCHECK "))).toMatch(/\/healthz/);
    expect(runtime!.instructions.at(-1)).toBe('CMD ["node", "dist/src/main.js"]');
  });

  it("copies into the runtime stage what the app reads at run time, and those sources exist", () => {
    const copies = runtime!.instructions.filter((i) => i.startsWith("COPY --from=build "));
    const copied = copies.flatMap((c) => c.split(/\s+/).slice(2, -1)).map((p) => p.replace(/^\/app\//, ""));
    for (const needed of ["package.json", "node_modules", "dist", "rules", "bin"]) expect(copied).toContain(needed);
    // The build stage compiles src/ (tsconfig.build.json) to the entry points the image starts.
    const include = (JSON.parse(read("tsconfig.build.json")) as { include: string[] }).include;
    expect(include).toContain("src");
    for (const entry of ["src/main.ts", "src/worker.ts"]) expect(existsSync(`${ROOT}${entry}`)).toBe(true);
    expect(build!.instructions).toEqual(expect.arrayContaining(["COPY src ./src", "COPY rules ./rules", "COPY bin ./bin"]));
  });

  it("keeps every rule page `/djperf explain` reads in the build context", () => {
    const ignored = read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
    const isIgnored = picomatch(ignored.flatMap((p) => [p, `${p}/**`]), { dot: true });
    for (const rule of RULES) {
      const page = ruleDocPath(rule);
      expect(existsSync(`${ROOT}${page}`), page).toBe(true);
      expect(isIgnored(page), page).toBe(false);
    }
  });
});

describe("docker-compose.yml", () => {
  type Service = { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; healthcheck?: object; deploy?: { replicas?: number } };
  const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> };
  const { app, worker, redis } = compose.services;

  it("runs a receiver-only app, workers and Redis on one queue", () => {
    expect(app!.environment).toMatchObject({ REDIS_URL: "redis://redis:6379", DJPERF_PROCESS_JOBS: "false" });
    expect(app!.environment).toHaveProperty("WEBHOOK_SECRET");
    expect(worker!.command).toEqual(["node", "dist/src/worker.js"]);
    expect(worker!.environment).toMatchObject({ REDIS_URL: "redis://redis:6379" });
    expect(worker!.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(worker!.image).toBe(app!.image);
    for (const service of [app!, worker!]) expect(service.depends_on?.redis?.condition).toBe("service_healthy");
    expect(redis!.healthcheck).toBeDefined();
    // BullMQ's keys must never be evicted.
    expect(redis!.command).toEqual(expect.arrayContaining(["--maxmemory-policy", "noeviction"]));
  });

  it("keeps the index facts in a separate, bounded LRU Redis", () => {
    const cache = compose.services["facts-cache"];
    for (const service of [app!, worker!]) expect(service.environment).toMatchObject({ DJPERF_FACTS_REDIS_URL: "redis://facts-cache:6379" });
    expect(cache!.command).toEqual(expect.arrayContaining(["--maxmemory-policy", "allkeys-lru"]));
    expect(cache!.command![cache!.command!.indexOf("--maxmemory") + 1]).toMatch(/^\d+mb$/);
  });
});
