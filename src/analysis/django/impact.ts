/**
 * How much a per-row finding costs, as far as the code shows (issue: accuracy, "Value"): a loop that
 * also calls the network or the file system per row is dominated by that I/O; a loop over the rows of
 * one parent object, a page slice, or ids given on the command line walks a handful. Such findings are
 * right but low in impact: they go to the check run at info, not inline. Tables listed in the config's
 * `large_models` raise a finding to high (applied by the engine, which has the config).
 */
import type { SyntaxNode } from "../parser.js";
import type { Impact } from "../finding.js";
import type { DjangoFacts, LoopInfo, QuerySetInfo } from "./types.js";
import { perIterationNodes } from "./loop-scope.js";
import { isSliced } from "./rows.js";
import { calleeName, dottedParts } from "./syntax.js";

/** Call roots and names that do network or file I/O. */
const IO_MODULES = new Set(["requests", "httpx", "urllib", "urllib3", "aiohttp", "boto3", "smtplib", "subprocess", "shutil", "socket", "ftplib", "paramiko"]);
const IO_FUNCTIONS = new Set(["urlopen", "send_mail", "send_mass_mail", "mail_admins", "mail_managers", "open", "copyfile", "copytree", "check_output", "check_call"]);
const IO_METHODS = new Set(["send", "send_messages", "upload_file", "download_file", "put_object", "get_object", "urlopen", "post", "put", "request"]);

export function loopImpact(django: DjangoFacts, loop: LoopInfo, qs?: QuerySetInfo, iterable?: SyntaxNode | null): Impact {
  const io = ioCallIn(loop);
  if (io) return { level: "low", reason: `each iteration also does network or file I/O (\`${io}\`), which dominates the cost` };
  if (qs) {
    if (isSliced(qs, iterable)) return { level: "low", reason: "the loop walks a slice of at most a page of rows" };
    const parent = qs.via?.instance;
    if (qs.root === "related-manager" && parent && parent.source !== "loop") {
      return { level: "low", reason: `the loop walks the ${qs.model.name} rows of one ${parent.model.name}` };
    }
    if (filteredByCommandLine(django, qs)) return { level: "low", reason: "the rows are the ids given on the command line" };
  }
  return { level: "normal" };
}

/** The first per-iteration call that does network or file I/O, as written (`requests.post`). */
function ioCallIn(loop: LoopInfo): string | undefined {
  for (const node of perIterationNodes(loop)) {
    if (node.type !== "call") continue;
    const fn = node.childForFieldName("function");
    if (!fn) continue;
    const parts = dottedParts(fn);
    const name = calleeName(node) ?? "";
    if ((parts && IO_MODULES.has(parts[0] ?? "")) || IO_FUNCTIONS.has(name)) return fn.text;
    if (fn.type === "attribute" && IO_METHODS.has(name)) {
      const object = fn.childForFieldName("object")?.text ?? "";
      // `requests.post`, `session.post`, `client.send`, `email.send()`: not a QuerySet's `.get()` / `.update()`.
      if (/(session|client|http|api|mail|email|message|msg|s3|bucket|storage|conn|connection|smtp)/i.test(object)) return fn.text;
    }
  }
  return undefined;
}

/** `filter(pk__in=options["ids"])` / `filter(id__in=ids)` with ids from the command line, in a command's handle(). */
function filteredByCommandLine(django: DjangoFacts, qs: QuerySetInfo): boolean {
  for (const call of qs.calls) {
    if (call.name !== "filter") continue;
    for (const arg of call.args.namedChildren) {
      if (arg.type !== "keyword_argument" || !/__in$/.test(arg.childForFieldName("name")?.text ?? "")) continue;
      const value = arg.childForFieldName("value")?.text ?? "";
      if (/\b(options|kwargs)\s*(\[|\.get\()|\bsys\.argv\b/.test(value) && inHandle(call.node)) return true;
    }
  }
  void django;
  return false;
}

function inHandle(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.type === "function_definition") return n.childForFieldName("name")?.text === "handle";
  return false;
}

/** The impact of a loop judged from its own iterable (the queryset it walks, when it walks one). */
export function impactOfLoop(django: DjangoFacts, loop: LoopInfo): Impact {
  const iterable = loop.targets[0]?.iterable ?? loop.iterable;
  const qs = iterable ? django.querySetOf(iterable) : undefined;
  return loopImpact(django, loop, qs, iterable);
}
