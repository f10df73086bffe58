/**
 * Which management commands something other than a person runs: a schedule (a crontab, a uWSGI `cron`
 * line, an AWS SAM / CloudFormation / Serverless template's rule, a Kubernetes CronJob, a CI workflow
 * on a `schedule:`), a deployment file (Procfile, compose file, Dockerfile, shell script) or the
 * project's own code (`call_command("name")` in a task, a view or another command). A command that the
 * repository's schedule and deployment files never name, while they do name other commands of the
 * project, is run by hand (rotation set 11: one-off imports beside an hourly import a SAM rule
 * queues). Read per file from text alone.
 */

/** A line of a schedule or deployment file that runs a management command. */
export interface CommandRun {
  name: string;
  path: string;
  line: number;
}

/** Directories that hold deployment descriptions (Kubernetes, Helm (`helm_deploy/`, `app-helm/`), cloud manifests, Elastic Beanstalk). */
const DEPLOY_DIRS = /(^|\/)(k8s|kubernetes|kube|helm[\w-]*|[\w-]*[_-]helm|charts|kustomize|deploy|deployment|deployments|ops|infra|infrastructure|manifests|cron|crons|cronjobs|\.ebextensions|\.platform|\.github\/workflows|\.circleci)\//i;
/** YAML / JSON file names that describe jobs, schedules or deployments. */
const DEPLOY_NAMES = /(template|serverless|cron|schedul|zappa|manifest|deploy|job|worker|app|\.gitlab-ci)[^/]*\.(ya?ml|json)$/i;
/** Tool configuration INI files: no command runs from them. */
const TOOL_INI = /^\.?(tox|pytest|mypy|setup|alembic|flake8|coveragerc|isort|bandit|pylintrc|editorconfig|pydocstyle|yamllint)\b/i;

/**
 * Files that can run a management command outside a person's shell: crontabs and files in cron folders,
 * uWSGI INI files (`cron = ... manage.py name`), shell scripts, YAML / JSON job, template and workflow
 * files, and any YAML under a deployment folder. Procfiles, compose files and Dockerfiles are read as
 * settings references already (entry-points.ts) and are read for runs too.
 */
export function isCommandRunFile(path: string): boolean {
  const file = path.slice(path.lastIndexOf("/") + 1);
  if (/^crontab$|\.cron(tab)?$/i.test(file)) return true;
  if (/(^|\/)cron(\.d|tabs?)?\//i.test(path)) return true;
  if (/\.ini$/i.test(file)) return !TOOL_INI.test(file);
  if (/\.sh$/.test(file)) return true;
  if (/\.ya?ml$/i.test(file) && DEPLOY_DIRS.test(path)) return true;
  return DEPLOY_NAMES.test(file);
}

/** What starts a command on a line: `manage.py name`, `django-admin name`, `python -m django name`. */
const RUNNER = /(?:\bmanage\.py|\bdjango-admin(?:\.py)?|\bpython3?\s+-m\s+django)\b/g;
/** `"command": "name"` (a job queue's message, a SAM rule's input; not `cf_command: "run-task ..."`), `call_command("name"`. */
const NAMED = /(?:(?<![\w-])["']?command["']?\s*:\s*\\?["']|call_command\(\s*["'])([A-Za-z_][\w-]*)/g;
const COMMAND_NAME = /^[A-Za-z_][\w-]*$/;

/** The management commands a schedule or deployment file's text runs, with their lines. */
export function commandRuns(path: string, text: string): CommandRun[] {
  if (!/manage\.py|django-admin|-m\s+django|command|call_command/.test(text)) return [];
  const out: CommandRun[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (/^\s*(#|\/\/|;)/.test(line)) return;
    for (const m of line.matchAll(RUNNER)) {
      const rest = line.slice((m.index ?? 0) + m[0].length);
      const same = firstArgument(rest);
      const found = same !== undefined ? { name: same, line: i } : /^[\s"',]*$/.test(rest) ? nextListItem(lines, i) : undefined;
      if (found) out.push({ name: found.name, path, line: found.line + 1 });
    }
    for (const m of line.matchAll(NAMED)) out.push({ name: m[1]!, path, line: i + 1 });
  });
  return out;
}

/**
 * The command of an argument list written one item a line, after the line that names the runner: a
 * YAML list (`command:` / `- python` / `- manage.py` / `- clearsessions`, a Kubernetes CronJob or Helm
 * template) or a JSON array (an ECS task's `"command": [` / `"manage.py",` / `"import_orders"`).
 * Options are skipped; the list ends at the first line that is not an item.
 */
function nextListItem(lines: readonly string[], at: number): { name: string; line: number } | undefined {
  for (let j = at + 1; j < Math.min(lines.length, at + 6); j++) {
    const item = /^\s*(?:-\s+)?["']?([^\s"',]+)["']?,?\s*$/.exec(lines[j] ?? "");
    if (!item?.[1]) return undefined;
    if (item[1].startsWith("-")) continue;
    return COMMAND_NAME.test(item[1]) ? { name: item[1], line: j } : undefined;
  }
  return undefined;
}

/** The first word after the runner that is not an option (`manage.py --settings=x name` → `name`), in a shell line or a list. */
function firstArgument(rest: string): string | undefined {
  for (const token of rest.split(/[\s"',[\]\\]+/)) {
    if (token === "" || token.startsWith("-")) continue;
    return COMMAND_NAME.test(token) ? token : undefined;
  }
  return undefined;
}

/**
 * Commands a deployment runs whatever the project does (Django's own and common third-party ones):
 * naming only these does not show where the project schedules its own commands.
 */
const DEPLOY_BASICS = new Set([
  "migrate", "collectstatic", "compilemessages", "makemessages", "check", "runserver", "runserver_plus", "shell", "shell_plus", "test",
  "testserver", "makemigrations", "showmigrations", "createcachetable", "loaddata", "dumpdata", "createsuperuser", "changepassword",
  "flush", "dbshell", "diffsettings", "sendtestemail", "wait_for_db", "compress", "spectacular", "celery", "rqworker", "rqscheduler",
  "qcluster", "process_tasks", "clearsessions", "help", "version",
]);

export interface CommandRunIndex {
  /** Where a schedule or deployment file runs the command, or where the project's code calls it; undefined: nowhere seen. */
  runOf(name: string): CommandRun | { name: string; calledIn: string } | undefined;
  /**
   * A schedule or deployment file that runs a command of the project's own (not only `migrate` and the
   * like): the repository shows where its commands are scheduled. Undefined when none does.
   */
  inventory(): CommandRun | undefined;
}

/** A management command's own module (`app.management.commands.import_parties`). */
export function isCommandModule(module: string): boolean {
  return /(^|\.)management\.commands\./.test(module);
}

/**
 * `runs`: what the schedule and deployment files run; `modules`: the command names each project module
 * passes to `call_command(...)`. A caller that is not itself a command (a task, a view) is kept over one
 * that is: it may be the schedule.
 */
export function buildCommandRunIndex(runs: readonly CommandRun[], modules: readonly { module: string; commands?: readonly string[] }[]): CommandRunIndex {
  const calls = new Map<string, string>();
  for (const mod of modules) {
    for (const name of mod.commands ?? []) {
      const key = normal(name);
      const known = calls.get(key);
      if (known === undefined || (isCommandModule(known) && !isCommandModule(mod.module))) calls.set(key, mod.module);
    }
  }
  const byName = new Map<string, CommandRun>();
  for (const run of runs) if (!byName.has(normal(run.name))) byName.set(normal(run.name), run);
  // A schedule names the place best; a shell script that runs a command is the weakest witness.
  const inventory = runs.filter((r) => !DEPLOY_BASICS.has(normal(r.name))).sort((a, b) => witnessRank(a.path) - witnessRank(b.path))[0];
  return {
    runOf(name) {
      const key = normal(name);
      const run = byName.get(key);
      if (run) return run;
      const module = calls.get(key);
      return module === undefined ? undefined : { name, calledIn: module };
    },
    inventory: () => inventory,
  };
}

function witnessRank(path: string): number {
  if (/cron|schedul|template|serverless|zappa|workflows\//i.test(path)) return 0;
  if (/\.(ya?ml|json|ini)$/i.test(path) || /(^|\/)crontab$/i.test(path)) return 1;
  return /\.sh$/.test(path) ? 3 : 2;
}

/** Hyphens folded to underscores: `populate-role-tags` is also spelled with underscores. */
function normal(name: string): string {
  return name.replace(/-/g, "_");
}
