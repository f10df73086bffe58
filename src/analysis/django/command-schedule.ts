/**
 * Whether a management command runs on a schedule or by hand, for rules whose cost depends on how
 * often a job runs (DJP504, DJP505). Scheduled: a schedule or deployment file of the repository runs
 * it, the project's code calls it (`call_command`), or its docstring or help says it runs nightly,
 * hourly, daily or from cron. By hand: it asks the operator to confirm at the terminal, or the
 * repository shows where it schedules its commands (a file runs another command of the project) and
 * nothing runs this one (rotation set 11: one-off imports beside an hourly import queued by a SAM
 * rule; an interactive cleanup behind two yes/no prompts).
 */
import type { SyntaxNode } from "../parser.js";
import type { ParsedFile } from "../source-file.js";
import type { ProjectIndex } from "../index/types.js";
import type { DjangoFacts } from "./types.js";
import { attributeName, stringValue } from "./syntax.js";
import { isCommandPath } from "../code-kind.js";
import { codeSpan, shortSource } from "../markdown-safe.js";
import { isCommandModule } from "../index/command-runs.js";

/** The command's name: its module's file name (`management/commands/import_leaflets.py` → `import_leaflets`). */
export function commandNameOfPath(path: string): string | undefined {
  if (!isCommandPath(path)) return undefined;
  return path.slice(path.lastIndexOf("/") + 1).replace(/\.py$/, "");
}

/** Words of a docstring or help text that say the command runs on a schedule. */
const SCHEDULE_WORDS = /\b(nightly|hourly|daily|weekly|every (night|day|hour|morning|\d+ (minutes?|hours?|days?))|(from|by|via|in) (a )?(cron|crontab|celery beat|the scheduler)|cron ?job|periodically)\b/i;

/**
 * Why the command is known to run on a schedule or from code (a clause for a message), or undefined.
 * A call from another management command proves no schedule (that command may be run by hand too):
 * it counts only with `calledByCommands` (the command is then not provably run by hand either).
 */
export function scheduledReason(index: ProjectIndex, file: ParsedFile, calledByCommands = false): string | undefined {
  const name = commandNameOfPath(file.path);
  if (!name) return undefined;
  const run = index.commands?.runOf(name);
  if (run && "path" in run) return `${codeSpan(run.path)} runs it (line ${run.line})`;
  if (run && (calledByCommands || !isCommandModule(run.calledIn))) return `the project's code calls it (\`call_command\` in ${codeSpan(run.calledIn)})`;
  const text = commandTexts(file.tree.rootNode).find((t) => SCHEDULE_WORDS.test(t));
  return text ? `its description says ${codeSpan(shortSource(SCHEDULE_WORDS.exec(text)![0]))}` : undefined;
}

/**
 * Why a command runs unattended on a schedule (a clause), or undefined: a schedule or deployment
 * file runs it, or its description says so. A `call_command` from the project's code is left out:
 * a view may call it while a request waits. For messages that would otherwise say "run by hand".
 */
export function scheduleReason(index: ProjectIndex, file: ParsedFile): string | undefined {
  const name = commandNameOfPath(file.path);
  const run = name ? index.commands?.runOf(name) : undefined;
  if (run && !("path" in run)) return undefined;
  return scheduledReason(index, file);
}

/** The command class's docstring and `help` text. */
function commandTexts(root: SyntaxNode): string[] {
  const out: string[] = [];
  for (const stmt of root.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (cls?.type !== "class_definition" || cls.childForFieldName("name")?.text !== "Command") continue;
    for (const member of cls.childForFieldName("body")?.namedChildren ?? []) {
      const expr = member.type === "expression_statement" ? member.namedChildren[0] : undefined;
      if (expr?.type === "string") out.push(expr.text);
      if (expr?.type === "assignment" && expr.childForFieldName("left")?.text === "help") {
        const value = expr.childForFieldName("right");
        if (value) out.push(value.text);
      }
    }
  }
  return out;
}

/** Terminal prompts: the builtin `input`, yes/no helpers, click / typer / rich prompts. */
const PROMPT_NAMES = /^(input|raw_input|query_yes_no\w*|\w*yes_no\w*|prompt_for_\w+|ask_yes_no|confirm_or_exit)$/;
const PROMPT_DOTTED = /^(click\.(confirm|prompt)|typer\.(confirm|prompt)|Confirm\.ask|Prompt\.ask|questionary\.\w+)$/;
/** Options that skip a confirmation: a command that has one can run unattended. */
const SKIP_PROMPT_OPTION = /^(yes|y|force|no_?input|interactive|skip_?(confirm|confirmation|prompt)s?|assume_?yes|non_?interactive|auto_?confirm)$/;

/**
 * Why the command is run by hand (a clause for a message), or undefined: it prompts at the terminal
 * and offers no option to skip that, or nothing schedules it while the repository shows where the
 * project's commands are scheduled.
 */
export function handRunReason(index: ProjectIndex, file: ParsedFile, django: DjangoFacts): string | undefined {
  // A fact of the file: rules ask it once per finding, and the prompt search walks every call.
  let byFile = handRun.get(index);
  if (!byFile) handRun.set(index, (byFile = new WeakMap()));
  if (!byFile.has(file)) byFile.set(file, handRunReasonOf(index, file, django) ?? null);
  return byFile.get(file) ?? undefined;
}

const handRun = new WeakMap<ProjectIndex, WeakMap<ParsedFile, string | null>>();

function handRunReasonOf(index: ProjectIndex, file: ParsedFile, django: DjangoFacts): string | undefined {
  const name = commandNameOfPath(file.path);
  if (!name || scheduledReason(index, file, true)) return undefined;
  const prompt = terminalPrompt(django);
  if (prompt) return `the command asks the operator at the terminal (${codeSpan(`${prompt.childForFieldName("function")!.text}(...)`)}): a person runs it, now and then`;
  const inventory = index.commands?.inventory();
  if (inventory) return `no schedule or deployment file runs the command (${codeSpan(inventory.path)} runs ${codeSpan(inventory.name)}, not this one) and no code calls it: a person runs it, now and then`;
  return undefined;
}

function terminalPrompt(django: DjangoFacts): SyntaxNode | undefined {
  let prompt: SyntaxNode | undefined;
  for (const call of django.nodesOfType("call")) {
    const fn = call.childForFieldName("function");
    if (!fn) continue;
    if (skipsPrompt(call)) return undefined;
    const short = fn.type === "attribute" ? attributeName(fn) : fn.type === "identifier" ? fn.text : undefined;
    if (!prompt && ((short !== undefined && PROMPT_NAMES.test(short)) || PROMPT_DOTTED.test(fn.text))) prompt = call;
  }
  return prompt;
}

/** `parser.add_argument("--yes", ...)`, `options["no_input"]`: the prompt can be skipped. */
function skipsPrompt(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "attribute") return false;
  const method = attributeName(fn);
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  const value = first ? stringValue(first) : undefined;
  if (value === undefined) return false;
  if (method === "add_argument") return SKIP_PROMPT_OPTION.test(value.replace(/^-+/, "").replace(/-/g, "_"));
  return method === "get" && fn.childForFieldName("object")?.text === "options" && SKIP_PROMPT_OPTION.test(value);
}
