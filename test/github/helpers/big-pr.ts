/** Large pull requests on the shop repository, for the call-count and per-review-limit tests. */
import { addedPatch } from "./fake-repo.js";
import type { PullFileSpec } from "./github-mock.js";
import { VIEWS_PATCH, cleanModule, reportModule, shopHead } from "./shop.js";

export interface Pr {
  head: Record<string, string | Uint8Array>;
  files: PullFileSpec[];
}

/** A PR adding `reports` report views (3 findings each) and `clean` helper modules, plus the views change. */
export function bigPr(reports: number, clean: number, templates: number, extra: Record<string, string> = {}, withViews = true): Pr {
  const head = shopHead();
  const files: PullFileSpec[] = withViews ? [{ filename: "shop/views.py", patch: VIEWS_PATCH }] : [];
  const add = (path: string, text: string) => {
    head[path] = text;
    files.push({ filename: path, status: "added", patch: addedPatch(text) });
  };
  for (let n = 1; n <= reports; n++) add(`shop/reports/region_${String(n).padStart(3, "0")}.py`, reportModule(n));
  for (let n = 1; n <= clean; n++) add(`shop/pricing/vat_${String(n).padStart(3, "0")}.py`, cleanModule(n));
  for (let n = 1; n <= templates; n++) add(`shop/templates/shop/reports/region_${n}.html`, `{% extends "base.html" %}\n{% block title %}Region ${n}{% endblock %}\n`);
  for (const [path, text] of Object.entries(extra)) add(path, text);
  return { head, files };
}
