/** The hand-written patches of the test shop must describe the head texts they claim to produce. */
import { describe, expect, it } from "vitest";
import { parsePatchLines } from "../../src/diff/parse.js";
import { BILLING_PATCH, BILLING_PY, VIEWS_PATCH, VIEWS_PATCH_2, VIEWS_PY, VIEWS_PY_2 } from "./helpers/shop.js";

describe.each([
  ["views (first push)", VIEWS_PATCH, VIEWS_PY],
  ["views (second push)", VIEWS_PATCH_2, VIEWS_PY_2],
  ["billing (renamed)", BILLING_PATCH, BILLING_PY],
])("%s", (_name, patch, head) => {
  it("every added and context line of the patch is the head's line at that number", () => {
    const headLines = head.split("\n");
    const patchLines = patch.split("\n");
    const lines = parsePatchLines(patch);
    let checked = 0;
    for (const hunk of lines.hunks) {
      const body = patchLines.slice(patchLines.findIndex((l) => l.startsWith(`@@ -${hunk.oldStart},`)) + 1).filter((l) => !l.startsWith("-"));
      for (let i = 0; i < hunk.newLines; i++) {
        expect(body[i]!.slice(1), `line ${hunk.newStart + i}`).toBe(headLines[hunk.newStart + i - 1]);
        checked++;
      }
    }
    expect(checked).toBe(lines.added.size + lines.context.size);
  });
});
