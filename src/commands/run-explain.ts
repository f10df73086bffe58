/**
 * `/djperf explain RULE`, or `/djperf explain` as a reply under a djperf comment (the rule comes from
 * the comment's marker): replies with the rule's README, the page every comment links to.
 */
import { codeSpan } from "../report/markdown.js";
import { explainTarget, renderExplain, renderExplainMiss } from "./explain.js";
import { resolveRuleRef, type Command } from "./parse.js";
import type { CommandEnvironment, CommandOutcome } from "./run-command.js";

type ExplainEnvironment = Pick<CommandEnvironment, "reply" | "repliedToBody" | "rules" | "loadRuleDoc" | "docsBase">;

export async function runExplainCommand(command: Extract<Command, { verb: "explain" }>, env: ExplainEnvironment): Promise<CommandOutcome> {
  // The comment replied to is read only when the command names no rule.
  const repliedTo = command.rule === undefined ? await env.repliedToBody() : undefined;
  const ref = explainTarget(command, repliedTo);
  const rule = ref === undefined ? undefined : resolveRuleRef(ref, env.rules);
  if (rule === undefined) {
    await env.reply(renderExplainMiss(ref, env.rules));
    return "answered";
  }
  const doc = await env.loadRuleDoc(rule);
  if (doc === undefined) {
    await env.reply(`The documentation of ${codeSpan(rule.id)} ${rule.name} is not installed with this djperf; see the rule's page in the djperf repository.`);
    return "answered";
  }
  await env.reply(renderExplain(doc, env.docsBase !== undefined ? { docsBase: env.docsBase } : {}));
  return "answered";
}
