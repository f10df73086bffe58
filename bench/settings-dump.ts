/**
 * Prints what the settings index reads from a project directory (production module, well-known
 * settings, Celery config, Django version): `npx tsx bench/settings-dump.ts DIR [SETTING...]`.
 * A looking tool, never a test.
 */
import { FsSource } from "../src/cli/fs-source.js";
import { buildProjectIndex } from "../src/analysis/index/build.js";
import { selectIndexPaths } from "../src/analysis/index/select.js";
import { decodeSource } from "../src/analysis/parser.js";
import type { SourceText } from "../src/analysis/source-file.js";
import { renderLookup, summariseSettings } from "../src/analysis/index/settings/summary.js";

const [dir, ...names] = process.argv.slice(2);
if (!dir) {
  console.error("usage: settings-dump DIR [SETTING...]");
  process.exit(2);
}
const source = new FsSource(dir);
const paths = selectIndexPaths(await source.listFiles());
const contents = await source.readFiles(paths);
const texts: SourceText[] = [];
for (const path of paths) {
  const c = contents.get(path);
  if (!c?.ok) continue;
  const d = decodeSource(c.bytes);
  if (d.ok) texts.push({ path, text: d.text });
}
const index = await buildProjectIndex(texts);
console.log(JSON.stringify(summariseSettings(index.settings), null, 2));
for (const name of names) console.log(`${name} = ${renderLookup(index.settings.effective(name))}`);
const django = index.versions.package("django");
console.log(`django: ${django ? `${django.exact ?? "?"} [${django.specs.map((s) => `${s.path}:${s.line} ${s.spec}`).join("; ")}] >=4.2: ${String(django.atLeast("4.2"))} >=5.0: ${String(django.atLeast("5.0"))}` : "not found"}`);
