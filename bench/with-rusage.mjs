// Runs a Node script as a whole process (`node bench/with-rusage.mjs SCRIPT ARGS...` behaves like
// `node SCRIPT ARGS...`) and, at exit, writes the process's own CPU time and peak RSS as the last line
// of stderr: `@@rusage {"cpuMs":…,"rssMb":…}`. Lets the bench report a child's peak memory without
// platform tools.
import { writeSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write("usage: node bench/with-rusage.mjs SCRIPT [ARGS...]\n");
  process.exit(2);
}
process.on("exit", () => {
  const u = process.resourceUsage();
  writeSync(2, `\n@@rusage ${JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, rssMb: u.maxRSS / 1024 })}\n`);
});
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
