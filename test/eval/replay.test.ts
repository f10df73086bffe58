/**
 * The eval replays real commits as pull requests. Here the "real" history is a tiny Django-like
 * project made in a temp folder: a commit that adds select_related to a loop's queryset (the fix),
 * replayed in reverse (positive) and forward (negative), through the djperf CLI run from source.
 */
import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadedEntry } from "../../eval/src/manifest.js";
import { cliCommand, replayAll } from "../../eval/src/replay.js";
import { formatReport, summarise, summaryLine } from "../../eval/src/report.js";
import { cloneBare, commitFiles, git, initRepo, makeTempDir, removeTempDir } from "../helpers/git.js";

const MODELS = `from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class Book(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
`;

const viewsWith = (queryset: string) => `from .models import Book


def book_labels(request):
    labels = []
    for book in ${queryset}:
        labels.append(book.title + " by " + book.author.name)
    return labels
`;

// The loop header is line 6, the lazy read of book.author line 7 (same in both versions).
const LOOP_LINES: [number, number] = [6, 7];
const SLOW = viewsWith("Book.objects.all()");
const FIXED = viewsWith('Book.objects.select_related("author")');

const EXTRA_VIEW = `

def first_title():
    book = Book.objects.order_by("id").first()
    return book.title if book else ""
`;

let work: string;
let mirrors: string;
let fix: string;
let parent: string;
let unrelated: string;
let unrelatedParent: string;
let regression: string;

function entry(overrides: Partial<LoadedEntry>): LoadedEntry {
  return {
    id: "shop-n1-001",
    set: "tuning",
    repo: "acme/shop",
    mirror: "acme+shop",
    fix,
    parent,
    path: "shop/views.py",
    lines: LOOP_LINES,
    category: "n+1-forward",
    polarity: "positive",
    rules: ["DJP101"],
    replay: "revert",
    note: "a loop reads each book's author",
    source: "test.jsonl:1",
    ...overrides,
  };
}

beforeAll(() => {
  work = makeTempDir("djperf-eval-test-");
  const repo = initRepo({ "manage.py": "", "shop/__init__.py": "", "shop/models.py": MODELS, "shop/views.py": SLOW });
  parent = git(repo, "rev-parse", "HEAD").trim();
  fix = commitFiles(repo, { "shop/views.py": FIXED }, "Load authors with the books");
  unrelatedParent = fix;
  unrelated = commitFiles(repo, { "shop/views.py": FIXED + EXTRA_VIEW }, "Add a single-row view");
  regression = commitFiles(repo, { "shop/views.py": SLOW + EXTRA_VIEW }, "Drop the select_related again");
  // The layout of /work/.mirror: <mirrors>/<owner>+<name>/repo is a bare repository.
  mirrors = join(work, "mirrors");
  mkdirSync(join(mirrors, "acme+shop"), { recursive: true });
  renameSync(cloneBare(repo), join(mirrors, "acme+shop", "repo"));
  removeTempDir(repo);
});

afterAll(() => removeTempDir(work));

const cli = cliCommand(join(import.meta.dirname, "..", "..", "eval", "djperf-source.ts"));

describe("replay", () => {
  it("hits the re-introduced N+1, stays silent on the fix and on an unrelated commit, flags a regression replayed forward, and skips what it cannot replay", async () => {
    const entries: LoadedEntry[] = [
      entry({}),
      entry({ id: "shop-neg-001", polarity: "negative", replay: "forward", rules: [] }),
      entry({ id: "shop-neg-002", polarity: "negative", replay: "forward", rules: [], fix: unrelated, parent: unrelatedParent, lines: [11, 13] }),
      // Mislabelled as a negative on purpose: a commit that brings the N+1 back must count as a false alarm.
      entry({ id: "shop-neg-bad", polarity: "negative", replay: "forward", rules: [], fix: regression, parent: unrelated }),
      entry({ id: "shop-missing-mirror", mirror: "acme+gone" }),
      entry({ id: "shop-missing-commit", fix: "f".repeat(40) }),
      entry({ id: "shop-wrong-parent", parent: unrelated, fix }),
      entry({ id: "shop-lines-past-end", lines: [40, 41] }),
    ];
    const scratchRoot = join(work, "scratch");
    const results = await replayAll(entries, { mirrors, cli, scratchRoot, concurrency: 2, keep: true });
    const byId = new Map(results.map((r) => [r.id, r]));

    const positive = byId.get("shop-n1-001")!;
    expect(positive.status).toBe("ok");
    expect(positive.base).toBe(fix);
    expect(positive.exitCode === 0 || positive.exitCode === 1).toBe(true);
    expect(positive.hit).toBe(true);
    expect(positive.expectedRule).toBe(true);
    expect(positive.matching.map((f) => f.rule)).toContain("DJP101");
    // The PR head is a new commit on top of the fix whose tree is the parent's, made in the scratch
    // repository (which borrows the mirror's objects) and never written into the mirror.
    const scratch = join(scratchRoot, "shop-n1-001.git");
    expect(git(scratch, "rev-parse", `${positive.head}^1`).trim()).toBe(fix);
    expect(git(scratch, "rev-parse", `${positive.head}^{tree}`).trim()).toBe(git(scratch, "rev-parse", `${parent}^{tree}`).trim());
    expect(() => git(join(mirrors, "acme+shop", "repo"), "cat-file", "-e", positive.head!)).toThrow();

    const fixedForward = byId.get("shop-neg-001")!;
    expect(fixedForward.status).toBe("ok");
    expect(fixedForward.base).toBe(parent);
    expect(fixedForward.head).toBe(fix);
    expect(fixedForward.falseAlarm).toBe(false);
    expect(fixedForward.matching).toEqual([]);

    expect(byId.get("shop-neg-002")).toMatchObject({ status: "ok", falseAlarm: false });
    const alarm = byId.get("shop-neg-bad")!;
    expect(alarm).toMatchObject({ status: "ok", falseAlarm: true });
    expect(alarm.matching.map((f) => f.rule)).toContain("DJP101");
    expect(byId.get("shop-missing-mirror")).toMatchObject({ status: "skipped", reason: expect.stringContaining("mirror not found") });
    expect(byId.get("shop-missing-commit")).toMatchObject({ status: "skipped", reason: expect.stringContaining("not in the mirror") });
    expect(byId.get("shop-wrong-parent")).toMatchObject({ status: "error", reason: expect.stringContaining("is not the first parent") });
    expect(byId.get("shop-lines-past-end")).toMatchObject({ status: "error", reason: expect.stringContaining("beyond the end") });

    const tuning = summarise(results).find((s) => s.set === "tuning")!;
    expect(tuning.ormBulk).toEqual({ positives: 1, hits: 1, expectedRule: 1, negatives: 3, falseAlarms: 1, notRun: 4 });
    expect(summaryLine(summarise(results))).toBe(
      "recall check 0/0 (—), false alarms check 0/0; recall tuning 1/1 (100 %), false alarms tuning 1/3 (ORM/bulk categories)",
    );
    const text = formatReport(results, { cli: cli.label, manifest: "test" });
    expect(text).toContain("Not run (4)");
    expect(text).toMatch(/False alarms \(1\)\n {2}tuning {2}shop-neg-bad {2}shop\/views\.py:6-7 {2}DJP101 7/);
    expect(text).not.toContain("Misses");
  }, 120_000);

  it("scores a replay where djperf finds nothing on the lines as a miss and says what it saw", async () => {
    // The same positive, but pointed at lines with no slow code: a miss, and a second look runs.
    const results = await replayAll([entry({ id: "shop-miss", lines: [1, 2] })], { mirrors, cli, scratchRoot: join(work, "scratch2") });
    const [miss] = results;
    expect(miss).toMatchObject({ status: "ok", hit: false, expectedRule: false });
    expect(miss!.findingsInFile.map((f) => f.rule)).toContain("DJP101");
    expect(miss!.filteredOut).toEqual([]);
    const text = formatReport(results, { cli: cli.label, manifest: "test" });
    expect(text).toMatch(/Misses \(1\)\n {2}tuning {2}shop-miss {2}shop\/views\.py:1-2 {2}\[expected DJP101\] djperf: elsewhere in the file: DJP101 7/);
    expect(text.trimEnd().split("\n").at(-1)).toBe("recall check 0/0 (—), false alarms check 0/0; recall tuning 0/1 (0 %), false alarms tuning 0/0 (ORM/bulk categories)");
    // A round's rotation set (fresh projects) gets its own table and its own part of the headline; it is
    // hidden while no entry belongs to it (above).
    const rotated = results.map((r) => ({ ...r, set: "rotation" as const }));
    const rotatedText = formatReport(rotated, { cli: cli.label, manifest: "test" });
    expect(rotatedText).toMatch(/\nrotation set\n/);
    expect(rotatedText).toContain("tuning set: no entries selected");
    expect(rotatedText.trimEnd().split("\n").at(-1)).toBe(
      "recall check 0/0 (—), false alarms check 0/0; recall rotation 0/1 (0 %), false alarms rotation 0/0; recall tuning 0/0 (—), false alarms tuning 0/0 (ORM/bulk categories)",
    );
  }, 120_000);
});
