// Usage: node scripts/measure/table-sizes.mjs PROJECT_DIR [v]: the tables the project's code shows to be large
// (src/analysis/django/table-size.ts), with v each model and its trace, and how long the scan takes.
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { performance } from "node:perf_hooks";
const root = new URL("../../dist/src", import.meta.url).pathname;
const { buildProjectIndex } = await import(`${root}/analysis/index/build.js`);
const { selectIndexPaths } = await import(`${root}/analysis/index/select.js`);
const { collectTableSizes } = await import(`${root}/analysis/django/table-size.js`);
const proj = process.argv[2];
const dir = proj;
const paths = execSync(`cd ${JSON.stringify(dir)} && find . -name '*.py' -not -path '*/tests/*' -not -path '*/migrations/*' | sed 's#^./##'`, { maxBuffer: 1 << 26 }).toString().trim().split("\n");
const texts = paths.map((p) => ({ path: p, text: readFileSync(`${dir}/${p}`, "utf8") }));
const sel = new Set(selectIndexPaths(paths));
const index = await buildProjectIndex(texts.filter((t) => sel.has(t.path)));
const t0 = performance.now();
const sizes = collectTableSizes(texts, index);
const ms = performance.now() - t0;
let n = 0;
for (const m of index.models.keys()) { const e = sizes.large(m); if (e) { n++; if (process.argv[3]) console.log(m, "|", e.reason); } }
console.log(`${proj}: ${n} of ${index.models.size} models large; scan ${Math.round(ms)} ms over ${texts.length} files`);
