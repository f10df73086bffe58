/**
 * `/djperf recheck`: reviews the pull request's head commit again. It changes what the pull request
 * shows, so it needs write access (DESIGN §4); anyone else gets a polite reply and nothing happens.
 */
import { codeSpan } from "../report/markdown.js";
import type { CommandEnvironment, CommandOutcome, RepoPermission } from "./run-command.js";

const WRITE_ACCESS: ReadonlySet<RepoPermission> = new Set(["admin", "maintain", "write"]);

export function hasWriteAccess(permission: RepoPermission): boolean {
  return WRITE_ACCESS.has(permission);
}

export async function runRecheckCommand(env: Pick<CommandEnvironment, "author" | "reply" | "permission" | "requestRecheck">): Promise<CommandOutcome> {
  if (!hasWriteAccess(await env.permission())) {
    await env.reply(
      `Sorry @${env.author}, ${codeSpan("/djperf recheck")} needs write access to this repository, so I left the review as it is. ` +
        "djperf reviews every new commit pushed to the pull request; someone with write access can also ask for a recheck.",
    );
    return "refused";
  }
  const result = await env.requestRecheck();
  if (result === "pull-request-closed") {
    await env.reply("This pull request is closed, so there is nothing to recheck. Reopen it and djperf reviews its latest commit.");
    return "refused";
  }
  // The new check run shows progress; a 👍 on the command is the whole answer.
  return "answered";
}
