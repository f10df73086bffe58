#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, which `npm ci` runs via `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, "dist", "src", "cli", "main.js");
if (!existsSync(entry)) {
  process.stderr.write("djperf: not built yet. Run `npm run build` in " + root + " first.\n");
  process.exit(2);
}
// `djperf serve` (the GitHub App, as `npm start`) and `djperf worker` (a Redis queue worker, as
// `npm run worker`) run until signalled; every other command is the CLI.
const servers = { serve: "main.js", worker: "worker.js" };
const command = process.argv[2];
if (command !== undefined && Object.hasOwn(servers, command)) {
  await import(pathToFileURL(join(root, "dist", "src", servers[command])).href);
} else {
  const { main } = await import(pathToFileURL(entry).href);
  process.exitCode = await main(process.argv.slice(2));
}
