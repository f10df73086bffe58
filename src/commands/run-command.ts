/**
 * Executes a parsed `/djperf` command. Pure: every effect (replying, reading the comment replied to,
 * asking for the commenter's permission, queueing a review) is a function the job passes in, so the
 * answers are tested without GitHub and the GitHub side stays in src/github.
 */
import type { Command } from "./parse.js";
import type { ExplainableDoc } from "./explain.js";
import { runExplainCommand } from "./run-explain.js";
import { runHelpCommand } from "./run-help.js";
import { runRecheckCommand } from "./run-recheck.js";

/** GitHub's permission levels of a user on a repository (collaborator permission API). */
export type RepoPermission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** What queueing a recheck did. */
export type RecheckResult = "queued" | "already-queued" | "pull-request-closed";

export interface RuleRefInfo {
  id: string;
  name: string;
}

export interface CommandEnvironment {
  /** Login of the commenter. */
  author: string;
  /** Posts a reply where the command was written: the conversation, or the review thread. */
  reply(body: string): Promise<void>;
  /** The commenter's permission; asked only by commands that change something. */
  permission(): Promise<RepoPermission>;
  /** The body of the review comment this command replies to; undefined when it is not a reply. */
  repliedToBody(): Promise<string | undefined>;
  /** Queues a review of the pull request's current head commit. */
  requestRecheck(): Promise<RecheckResult>;
  /** The rules djperf knows (id and name), for explain. */
  rules: readonly RuleRefInfo[];
  /** A rule's README, parsed; undefined when the page is not installed. */
  loadRuleDoc(rule: RuleRefInfo): Promise<ExplainableDoc | undefined>;
  /** Base URL of rule pages (see docsUrl). */
  docsBase?: string;
}

/**
 * `answered`: the command was carried out (or answered with help); the job marks it 👍.
 * `refused`: the commenter may not do this; a reply says why, and there is no 👍.
 */
export type CommandOutcome = "answered" | "refused";

export async function runCommand(command: Command, env: CommandEnvironment): Promise<CommandOutcome> {
  switch (command.verb) {
    case "explain":
      return runExplainCommand(command, env);
    case "recheck":
      return runRecheckCommand(env);
    case "help":
    case "unknown":
      return runHelpCommand(command, env);
  }
}
