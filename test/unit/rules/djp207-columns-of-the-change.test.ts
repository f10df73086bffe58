/**
 * DJP207 and the pull request's own columns: a column that an earlier migration of the same pull
 * request added (or renamed to) is unknown to the previous release, so dropping or renaming it again
 * breaks nothing during the deploy (rotation 4: a branch that added a column in 0081 and dropped it in
 * 0084). A column the base already had is still reported.
 */
import { describe, expect, it } from "vitest";
import type { SourceText } from "../../../src/analysis/source-file.js";
import { loadRule, projectSources, runRuleOn } from "../../helpers/fixture-runner.js";

const FOLDER = "DJP207-backward-incompatible-schema-change";
const HEAD = "shop/migrations/0004_drop.py";

const migration = (deps: string, ops: string): string =>
  `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "${deps}")]\n\n    operations = [\n${ops}\n    ]\n`;

const CHANGE: SourceText[] = [
  { path: "shop/migrations/0003_note.py", text: migration("0002_order_old_idx", `        migrations.AddField(model_name="order", name="note", field=models.TextField(default="")),\n        migrations.RenameField(model_name="order", old_name="created", new_name="placed_at"),`) },
  {
    path: HEAD,
    text: migration(
      "0003_note",
      [
        `        migrations.RemoveField(model_name="order", name="note"),`,
        `        migrations.RenameField(model_name="order", old_name="placed_at", new_name="created_at"),`,
        `        migrations.RemoveField(model_name="order", name="status"),`,
      ].join("\n"),
    ),
  },
];

async function findings(added: string[], changed?: string[]) {
  const head = CHANGE.find((s) => s.path === HEAD)!;
  return runRuleOn(await loadRule(FOLDER), HEAD, head.text, [...projectSources(FOLDER), ...CHANGE], undefined, { added, ...(changed ? { changed } : {}) });
}

async function droppedLines(added: string[]): Promise<number[]> {
  return (await findings(added)).map((f) => f.range.start.line).sort((a, b) => a - b);
}

describe("DJP207: columns the pull request itself introduced", () => {
  it("stays silent on a column added, or renamed to, by an earlier migration of the same change, and reports the base's column", async () => {
    // Lines 8-10: drop note (added in 0003), rename placed_at (0003's new name), drop status (in the base).
    expect(await droppedLines([HEAD, "shop/migrations/0003_note.py"])).toEqual([10]);
  });

  it("reports all three when 0003 is already in the base (only 0004 is new)", async () => {
    expect(await droppedLines([HEAD])).toEqual([8, 9, 10]);
  });
});

describe("DJP207: did the change touch the app's model code?", () => {
  const added = [HEAD];
  it("stays silent when the change touched only the app's migrations: the base's models had already lost the column", async () => {
    expect(await findings(added, [HEAD, "docs/notes.md"])).toEqual([]);
  });

  it("warns when the change also edits the app's code (the model lost the field in this pull request)", async () => {
    const found = await findings(added, [HEAD, "shop/models.py"]);
    expect(found.map((f) => f.level)).toEqual(["warn", "warn", "warn"]);
  });

  it("reports at info with the reason in a whole-repository check, where the previous release is unknown", async () => {
    const found = await findings(added);
    expect(found.map((f) => f.level)).toEqual(["info", "info", "info"]);
    expect(found[0]?.message).toContain("cannot see whether the previous release still used it");
  });
});
