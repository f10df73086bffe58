/**
 * `npm run demo`: runs djperf's GitHub App against a simulated GitHub on this machine (no account, no
 * network), prints the check run and the review as they would appear on the pull request, and writes
 * the same as an HTML page. Exit code 0 when the check run completed cleanly, 1 otherwise.
 *
 *   npm run demo -- [--html FILE | --no-html] [--timeout SECONDS] [--verbose] [--keep] [--no-color]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderHtmlReport } from "./render/report-html.js";
import { renderTerminalReport } from "./render/report-terminal.js";
import { createStyle } from "./render/terminal.js";
import { runDemo } from "./run-demo.js";

const USAGE = `Usage: npm run demo -- [options]

Runs the djperf GitHub App against a local simulated GitHub: a pull request that adds N+1 queries
and writes in loops to the examples/shop Django project is opened, and the app reviews it.

Options:
  --html FILE        where to write the HTML page (default: demo-output/demo-output.html)
  --no-html          do not write the HTML page
  --timeout SECONDS  how long to wait for the check run (default: 60)
  --verbose          print the app's log lines (info and above) while it runs
  --keep             keep the temporary git repository and print its path
  --no-color         plain text output (also: NO_COLOR=1, or when stdout is not a terminal)
  -h, --help         this help
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      html: { type: "string" },
      "no-html": { type: "boolean" },
      timeout: { type: "string" },
      verbose: { type: "boolean" },
      keep: { type: "boolean" },
      "no-color": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const timeoutSeconds = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new Error(`--timeout wants a number of seconds, not "${values.timeout}"`);
  const color = !values["no-color"] && !process.env.NO_COLOR && (Boolean(process.env.FORCE_COLOR) || process.stdout.isTTY === true);
  const style = createStyle(color);
  const width = Math.max(60, Math.min(110, process.stdout.columns ?? 100));
  const progress = (message: string) => process.stderr.write(style.dim(`· ${message}\n`));

  const result = await runDemo({
    timeoutMs: timeoutSeconds * 1000,
    keepRepository: values.keep === true,
    onProgress: progress,
    ...(values.verbose ? { echoLogs: "info" as const } : {}),
  });
  process.stdout.write(renderTerminalReport(result, style, width));
  if (!values["no-html"]) {
    const file = resolve(values.html ?? "demo-output/demo-output.html");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, renderHtmlReport(result));
    const shown = relative(process.cwd(), file);
    process.stdout.write(`HTML report: ${shown.startsWith("..") ? file : shown}\n`);
  }
  if (values.keep) process.stdout.write(`Repository kept at ${result.repositoryDir}\n`);
  return result.problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (error: unknown) => {
    process.stderr.write(`✖ The demo could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.DJPERF_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    exit(1);
  },
);

/** Exits once output is flushed: the app's HTTP agents and timers would otherwise keep the process alive. */
function exit(code: number): void {
  process.stdout.write("", () => process.exit(code));
}
