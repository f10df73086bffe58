/** `/djperf help`, and the reply to a verb djperf does not know: the list of commands. */
import { renderHelp } from "./help.js";
import type { Command } from "./parse.js";
import type { CommandEnvironment, CommandOutcome } from "./run-command.js";

export async function runHelpCommand(command: Extract<Command, { verb: "help" | "unknown" }>, env: Pick<CommandEnvironment, "reply">): Promise<CommandOutcome> {
  await env.reply(renderHelp(command.verb === "unknown" ? { unknown: command.text } : {}));
  return "answered";
}
