/**
 * Runs the djperf CLI from this work tree's TypeScript sources (no build), for
 * `npm run eval -- --cli eval/djperf-source.ts` and the eval's own tests. Same entry point as
 * bin/djperf.js, only compiled on the fly by tsx.
 */
import { main } from "../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
