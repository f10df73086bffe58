/**
 * Where a project names its settings module: `DJANGO_SETTINGS_MODULE` defaults in wsgi.py / asgi.py /
 * manage.py (and other Python entry points such as celery.py), and `ENV` / environment lines in
 * Dockerfiles, compose files and Procfiles. Read per file from text alone.
 */

export type EntryKind = "docker" | "wsgi" | "asgi" | "compose" | "procfile" | "manage" | "python";

export interface SettingsModuleRef {
  /** The dotted module as written (`config.settings.production`). */
  module: string;
  path: string;
  line: number;
  kind: EntryKind;
}

/** Deployment evidence first: a Dockerfile says what runs in production; manage.py is usually the developer's default. */
export const ENTRY_PRIORITY: readonly EntryKind[] = ["docker", "wsgi", "asgi", "procfile", "compose", "manage", "python"];

const PYTHON_REF = /DJANGO_SETTINGS_MODULE["']\s*(?:,|\]\s*=)\s*["']([A-Za-z_][\w.]*)["']/;
const TEXT_REF = /DJANGO_SETTINGS_MODULE["']?\s*[=:\s]\s*["']?([A-Za-z_][\w.]*)/;

export function entryKindOf(path: string): EntryKind | undefined {
  const file = path.slice(path.lastIndexOf("/") + 1);
  if (file === "wsgi.py") return "wsgi";
  if (file === "asgi.py") return "asgi";
  if (file === "manage.py") return "manage";
  if (file.endsWith(".py")) return "python";
  if (/^Dockerfile([._-].*)?$|\.Dockerfile$|^Containerfile$/i.test(file)) return "docker";
  if (/^(docker-)?compose([._-][\w.-]*)?\.ya?ml$/i.test(file)) return "compose";
  if (/^Procfile([._-].*)?$/.test(file)) return "procfile";
  return undefined;
}

/** Non-Python files that can name the settings module. */
export function isSettingsReferenceFile(path: string): boolean {
  const kind = entryKindOf(path);
  return kind === "docker" || kind === "compose" || kind === "procfile";
}

export function settingsModuleRefs(path: string, text: string): SettingsModuleRef[] {
  const kind = entryKindOf(path);
  if (!kind || !text.includes("DJANGO_SETTINGS_MODULE")) return [];
  const pattern = kind === "wsgi" || kind === "asgi" || kind === "manage" || kind === "python" ? PYTHON_REF : TEXT_REF;
  const out: SettingsModuleRef[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    const m = pattern.exec(line);
    // `DJANGO_SETTINGS_MODULE=` followed by a shell variable or nothing names no module.
    if (m?.[1] && !/^(os|environ)$/.test(m[1])) out.push({ module: m[1], path, line: i + 1, kind });
  });
  return out;
}

/** A line of a deployment file. */
export interface SourceLine {
  path: string;
  line: number;
}

/** `celery … worker … -E` (or `--task-events`, `--events`) on one line: the worker sends task events. */
const WORKER_WITH_EVENTS = /\bcelery\b.*\bworker\b.*(?:^|[\s"',[])(?:-E|--task-events|--events)(?![\w-])/;

/**
 * Lines of a Procfile, compose file, Dockerfile or shell script that start a Celery worker with task
 * events on (`celery -A proj worker -E`). A script's lines count only when a deployment file runs the
 * script (deployedWorkerEvents).
 */
export function workerEventLines(path: string, text: string): SourceLine[] {
  const kind = entryKindOf(path);
  if ((kind !== "docker" && kind !== "compose" && kind !== "procfile" && !isShellScript(path)) || !/\bworker\b/.test(text)) return [];
  const out: SourceLine[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    if (WORKER_WITH_EVENTS.test(line)) out.push({ path, line: i + 1 });
  });
  return out;
}

export function isShellScript(path: string): boolean {
  return /\.(sh|bash)$/.test(path);
}

/** A shell script named on a line (`command: /app/docker/start_worker.sh`, `CMD ["./bin/worker.sh"]`). */
const SCRIPT_RUN = /(?:^|[\s"'=[,:])([\w./-]+\.(?:sh|bash))(?![\w.-])/g;

/** The shell scripts a Procfile, compose file or Dockerfile runs, as written (`/seed/docker/start_celery_docker.sh`). */
export function scriptsRun(path: string, text: string): string[] {
  const kind = entryKindOf(path);
  if (kind !== "docker" && kind !== "compose" && kind !== "procfile") return [];
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(SCRIPT_RUN)) out.add(m[1]!);
  }
  return [...out];
}

/**
 * The worker-events lines that production runs: those of deployment files, and those of shell scripts a
 * deployment file names (rotation set 13: a compose service's `command: /seed/docker/start_celery_docker.sh`
 * runs `celery -A seed worker … -E`). A script is matched by its repository path: the name as written,
 * from the repository root (`./docker/x.sh`, `docker/x.sh`) or under the image's folder
 * (`/seed/docker/x.sh` ends with `/docker/x.sh`); a bare file name matches a script of that name.
 */
export function deployedWorkerEvents(files: readonly { path: string; workerEvents: readonly SourceLine[]; scriptsRun?: readonly string[] }[]): SourceLine[] {
  const run = files.flatMap((f) => f.scriptsRun ?? []).map((s) => s.replace(/^\.\//, ""));
  const deployed = (path: string): boolean => run.some((s) => s === path || s.endsWith(`/${path}`) || (!s.includes("/") && path.endsWith(`/${s}`)));
  return files.flatMap((f) => (!isShellScript(f.path) || deployed(f.path) ? f.workerEvents : []));
}
