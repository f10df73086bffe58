/** `node dist/src/action/main.js`: the GitHub Action's entry (see action.yml and run-action.ts). */
import { runAction } from "./run-action.js";

process.exitCode = await runAction({
  env: process.env,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
