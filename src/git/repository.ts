/**
 * A local or bare git repository, read through git's object database only (never the work tree):
 * revisions, merge bases and the files changed between two revisions.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { ChangeStatus, ChangedFile } from "../pipeline/ports.js";
import { isBinarySection, parseUnifiedDiff, splitFileSections } from "../diff/parse.js";
import { GitError, gitText, runGit } from "./run-git.js";

/** Flags that make `git diff` output independent of the user's git config (prefixes, colour, context). */
const DIFF_FLAGS = [
  "--no-color",
  "--no-ext-diff",
  "--no-textconv",
  "--no-relative",
  "--src-prefix=a/",
  "--dst-prefix=b/",
  "--find-renames",
];

const STATUS_BY_LETTER: Record<string, ChangeStatus> = {
  A: "added",
  M: "modified",
  D: "removed",
  R: "renamed",
  C: "copied",
  T: "changed",
};

/** Two revisions share no history in this repository (unrelated, or a shallow clone cut it off). */
export class NoMergeBaseError extends GitError {}

export class GitRepository {
  private constructor(
    /** The directory git was pointed at (work tree, subdirectory or bare repository). */
    readonly dir: string,
  ) {}

  static async open(dir: string): Promise<GitRepository> {
    const absolute = resolve(dir);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new GitError(`no such directory: ${dir}`);
    if (!info.isDirectory()) throw new GitError(`not a directory: ${dir}`);
    const result = await runGit(absolute, ["rev-parse", "--git-dir"]);
    if (result.code !== 0) {
      const message = result.stderr;
      if (/not a git repository/i.test(message)) throw new GitError(`not a git repository: ${dir}`);
      throw new GitError(message.split("\n").find((l) => l.trim())?.replace(/^(fatal|error):\s*/, "") ?? `not a git repository: ${dir}`);
    }
    return new GitRepository(absolute);
  }

  /** The full commit id a ref names; `unknown revision "xyz"` when it names none. */
  async resolveCommit(ref: string): Promise<string> {
    const result = await runGit(this.dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    const sha = result.stdout.toString("utf8").trim();
    if (result.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) throw new GitError(`unknown revision "${ref}"`);
    return sha;
  }

  /** The best common ancestor, as GitHub compares a pull request (base...head). */
  async mergeBase(base: string, head: string): Promise<string> {
    const result = await runGit(this.dir, ["merge-base", base, head]);
    const sha = result.stdout.toString("utf8").trim();
    if (result.code === 1 && sha === "") throw new NoMergeBaseError(`no common ancestor between "${base}" and "${head}"`);
    if (result.code !== 0) throw new GitError(result.stderr.trim().split("\n")[0] ?? "git merge-base failed");
    return sha;
  }

  /** Whether this is a shallow clone (`git clone --depth N`, actions/checkout's default): history is cut off. */
  async isShallow(): Promise<boolean> {
    const result = await runGit(this.dir, ["rev-parse", "--is-shallow-repository"]);
    return result.code === 0 && result.stdout.toString("utf8").trim() === "true";
  }

  /** The names of the configured remotes (`origin`, …). */
  async remotes(): Promise<string[]> {
    const result = await runGit(this.dir, ["remote"]);
    return result.code === 0 ? result.stdout.toString("utf8").split("\n").filter((l) => l.trim() !== "") : [];
  }

  /**
   * Files changed from the merge base of `base` and `head` to `head` (three-dot semantics), with rename
   * detection and, for Python files, patches in GitHub's shape: hunks only, undefined for binary files,
   * "" when nothing but the name or mode changed. Other files carry no patch (djperf reads none).
   */
  async changedFiles(base: string, head: string): Promise<ChangedFile[]> {
    const [baseSha, headSha] = await Promise.all([this.resolveCommit(base), this.resolveCommit(head)]);
    const from = await this.mergeBase(baseSha, headSha);
    const range = ["--end-of-options", from, headSha];
    const [raw, patchText] = await Promise.all([
      gitText(this.dir, ["-c", "core.quotePath=false", "diff", ...DIFF_FLAGS, "--raw", "-z", "--no-abbrev", ...range]),
      // Patches only where djperf reads them: a patch needs both blobs, and a large data file missing
      // from a partial clone must not stop the review of the Python files.
      gitText(this.dir, ["-c", "core.quotePath=false", "diff", ...DIFF_FLAGS, "--patch", "--unified=3", ...range, "--", "*.py"]),
    ]);
    const sections = new Map<string, string>();
    for (const section of splitFileSections(patchText)) {
      const path = parseUnifiedDiff(section)[0]?.path;
      if (path !== undefined) sections.set(path, section);
    }
    return parseRawDiff(raw).map((entry) => {
      const section = sections.get(entry.path);
      return section === undefined ? entry : { ...entry, ...patchOf(section) };
    });
  }
}

/** Parses `git diff --raw -z`: `:mode mode sha sha STATUS\0path\0` (renames and copies: two paths). */
export function parseRawDiff(raw: string): ChangedFile[] {
  const fields = raw.split("\0");
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length; i++) {
    const meta = fields[i]!;
    if (!meta.startsWith(":")) continue;
    const letter = meta.split(" ")[4]?.charAt(0) ?? "";
    const status = STATUS_BY_LETTER[letter] ?? "changed";
    if (letter === "R" || letter === "C") {
      files.push({ path: fields[i + 2]!, previousPath: fields[i + 1]!, status });
      i += 2;
    } else {
      files.push({ path: fields[i + 1]!, status });
      i += 1;
    }
  }
  return files;
}

function patchOf(section: string): { patch?: string } {
  if (isBinarySection(section)) return {};
  const firstHunk = /^@@ /m.exec(section);
  return { patch: firstHunk ? section.slice(firstHunk.index) : "" };
}

/** The work tree's top directory for a path inside one, or undefined (not in a repository, no git). */
export async function findGitTopLevel(dir: string): Promise<string | undefined> {
  try {
    const result = await runGit(dir, ["rev-parse", "--show-toplevel"]);
    const top = result.stdout.toString("utf8").trim();
    return result.code === 0 && top !== "" ? top : undefined;
  } catch {
    return undefined;
  }
}
