import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitSource } from "../../src/git/git-source.js";
import { GitRepository } from "../../src/git/repository.js";
import { GitError } from "../../src/git/run-git.js";
import { changesFromFiles } from "../../src/diff/parse.js";
import { cloneBare, commitFiles, commitRemoval, git, initRepo, makeTempDir, removeTempDir, writeFiles } from "../helpers/git.js";

const BINARY = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0a, 0xff, 0x0d, 0x0a]);
const LONG = Array.from({ length: 40 }, (_, i) => `line_${i} = ${i}\n`).join("");

let repo: string;
let bare: string;
let outside: string;
const cleanup: string[] = [];

beforeAll(() => {
  repo = initRepo({
    "app/views.py": "a = 1\nb = 2\nc = 3\n",
    "app/moved.py": LONG,
    "app/gone.py": "x = 1\n",
    "logo.png": BINARY,
    "spaced name/é.py": "v = 1\n",
  });
  // A repository inside the work tree is committed as a gitlink (mode 160000), as a submodule is.
  const nested = initRepo({ "lib.py": "l = 1\n" });
  cleanup.push(nested);
  git(repo, "clone", "--quiet", nested, "vendor/lib");
  commitFiles(repo, { "link.py": { symlinkTo: "app/views.py" } }, "link and gitlink");
  git(repo, "checkout", "--quiet", "-b", "feature");
  commitFiles(repo, { "app/views.py": "a = 1\nb = 22\nc = 3\nd = 4\n", "app/new.py": "n = 1\n", "spaced name/é.py": "v = 2\n" }, "edit");
  git(repo, "mv", "app/moved.py", "app/renamed.py");
  commitFiles(repo, { "app/renamed.py": LONG.replace("line_5 = 5", "line_5 = 55") }, "rename");
  commitRemoval(repo, ["app/gone.py"], "remove");
  // main moves on after the branch point: its change must not show up in feature's diff.
  git(repo, "checkout", "--quiet", "main");
  commitFiles(repo, { "app/main_only.py": "m = 1\n" }, "main moves on");
  git(repo, "checkout", "--quiet", "feature");
  // An uncommitted edit: GitSource reads commits, never the work tree.
  writeFiles(repo, { "app/views.py": "DIRTY = True\n" });
  bare = cloneBare(repo);
  outside = makeTempDir();
  cleanup.push(repo, bare, outside);
});

afterAll(() => cleanup.forEach(removeTempDir));

describe("GitSource", () => {
  it("lists every file of the commit, including links and gitlinks", async () => {
    const source = await GitSource.open(repo, "main");
    expect((await source.listFiles()).sort()).toEqual(
      ["app/gone.py", "app/main_only.py", "app/moved.py", "app/views.py", "link.py", "logo.png", "spaced name/é.py", "vendor/lib"].sort(),
    );
  });

  it("reads blobs byte for byte from a commit, ignoring the work tree", async () => {
    const source = await GitSource.open(repo, "feature");
    const files = await source.readFiles(["app/views.py", "logo.png", "spaced name/é.py"]);
    const text = (path: string): string => {
      const c = files.get(path);
      return c?.ok ? new TextDecoder().decode(c.bytes) : `not ok: ${c?.reason}`;
    };
    expect(text("app/views.py")).toBe("a = 1\nb = 22\nc = 3\nd = 4\n");
    expect(text("spaced name/é.py")).toBe("v = 2\n");
    const png = files.get("logo.png");
    expect(png?.ok && [...png.bytes]).toEqual([...BINARY]);
  });

  it("reads many files, including identical contents, in one batch", async () => {
    const source = await GitSource.open(repo, "feature");
    const paths = await source.listFiles();
    const files = await source.readFiles([...paths, "app/views.py"]);
    expect(files.get("app/renamed.py")?.ok).toBe(true);
    expect([...files.keys()].sort()).toEqual([...paths].sort());
  });

  it("does not read symlinks or submodules and says why", async () => {
    const source = await GitSource.open(repo, "feature");
    const files = await source.readFiles(["link.py", "vendor/lib", "no/such.py"]);
    expect(files.get("link.py")).toEqual({ ok: false, reason: "skipped: symlink" });
    expect(files.get("vendor/lib")).toEqual({ ok: false, reason: "skipped: submodule" });
    expect(files.get("no/such.py")).toMatchObject({ ok: false, reason: expect.stringContaining("not in commit") });
  });

  it("works on a bare clone", async () => {
    const source = await GitSource.open(bare, "feature");
    const files = await source.readFiles(["app/new.py"]);
    expect(files.get("app/new.py")).toEqual({ ok: true, bytes: new TextEncoder().encode("n = 1\n") });
  });

  it("reads an empty repository tree as no files", async () => {
    const empty = initRepo();
    cleanup.push(empty);
    const commit = commitFiles(empty, {}, "empty");
    expect(await (await GitSource.open(empty, commit)).listFiles()).toEqual([]);
  });
});

describe("GitRepository.changedFiles", () => {
  it("compares from the merge base, with statuses, renames and GitHub-shaped patches", async () => {
    const repository = await GitRepository.open(bare);
    const changed = await repository.changedFiles("main", "feature");
    const summary = changed.map((f) => [f.path, f.status, f.previousPath]).sort();
    expect(summary).toEqual(
      [
        ["app/gone.py", "removed", undefined],
        ["app/new.py", "added", undefined],
        ["app/renamed.py", "renamed", "app/moved.py"],
        ["app/views.py", "modified", undefined],
        ["spaced name/é.py", "modified", undefined],
      ].sort(),
    );
    const views = changed.find((f) => f.path === "app/views.py")!;
    expect(views.patch?.startsWith("@@ ")).toBe(true);
    const lines = changesFromFiles(changed);
    expect([...lines.get("app/views.py")!.added].sort()).toEqual([2, 4]);
    expect([...lines.get("app/renamed.py")!.added]).toEqual([6]);
  });

  it("reports nothing for identical revisions", async () => {
    const repository = await GitRepository.open(repo);
    expect(await repository.changedFiles("feature", "feature")).toEqual([]);
  });

  it("gives binary files no patch", async () => {
    const binRepo = initRepo({ "data.bin": BINARY });
    cleanup.push(binRepo);
    commitFiles(binRepo, { "data.bin": new Uint8Array([...BINARY, 1, 2, 3]) }, "bin");
    const repository = await GitRepository.open(binRepo);
    const [file] = await repository.changedFiles("HEAD~1", "HEAD");
    expect(file).toEqual({ path: "data.bin", status: "modified" });
  });

  it("is not confused by a GIT_DIR from a surrounding git hook", async () => {
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = outside;
    try {
      const repository = await GitRepository.open(repo);
      expect((await repository.changedFiles("main", "feature")).length).toBe(5);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });
});

describe("git errors", () => {
  it("names an unknown revision", async () => {
    const repository = await GitRepository.open(repo);
    await expect(repository.resolveCommit("no-such-branch")).rejects.toThrow(new GitError('unknown revision "no-such-branch"'));
    await expect(repository.changedFiles("main", "xyz")).rejects.toThrow('unknown revision "xyz"');
  });

  it("does not take a ref for an option", async () => {
    const repository = await GitRepository.open(repo);
    await expect(repository.resolveCommit("--all")).rejects.toThrow('unknown revision "--all"');
  });

  it("says when a folder is not a repository or does not exist", async () => {
    await expect(GitRepository.open(outside)).rejects.toThrow(`not a git repository: ${outside}`);
    await expect(GitRepository.open(`${outside}/missing`)).rejects.toThrow("no such directory");
  });

  it("says when two revisions share no history", async () => {
    const other = initRepo({ "a.py": "a = 1\n" });
    cleanup.push(other);
    git(other, "checkout", "--quiet", "--orphan", "island");
    commitFiles(other, { "b.py": "b = 1\n" }, "unrelated");
    const repository = await GitRepository.open(other);
    await expect(repository.changedFiles("main", "island")).rejects.toThrow('no common ancestor between');
  });
});

describe("a partial clone missing a changed data file's blob", () => {
  it("still lists every change and gives the Python files their patches", async () => {
    const { rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const dir = initRepo({ "app/views.py": "a = 1\n", "data.json": "[1]\n" });
    cleanup.push(dir);
    git(dir, "checkout", "--quiet", "-b", "feature");
    commitFiles(dir, { "app/views.py": "a = 2\n", "data.json": "[1, 2]\n" }, "edit");
    // Drop the new data.json blob, as a snapshot without large files would lack it.
    const blob = git(dir, "rev-parse", "feature:data.json").trim();
    rmSync(join(dir, ".git", "objects", blob.slice(0, 2), blob.slice(2)));
    const files = await (await GitRepository.open(dir)).changedFiles("main", "feature");
    expect(files.map((f) => [f.path, f.status, f.patch !== undefined])).toEqual([
      ["app/views.py", "modified", true],
      ["data.json", "modified", false],
    ]);
    expect(files[0]!.patch).toContain("+a = 2");
  });
});
