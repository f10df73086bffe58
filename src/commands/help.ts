/** The reply to `/djperf help` and to commands djperf does not know. */
import { codeSpan, escapeTableCell } from "../report/markdown.js";
import { suppressionComment } from "../report/review.js";

const COMMANDS: readonly { usage: string; what: string }[] = [
  {
    usage: "/djperf explain DJP101",
    what: "Explains a rule (id or name): what it finds, why it is slow, what to write instead. As a reply under a djperf comment, `/djperf explain` explains that comment's rule.",
  },
  { usage: "/djperf recheck", what: "Reviews the latest commit of this pull request again (needs write access)." },
  { usage: "/djperf help", what: "Shows this list." },
];

export interface HelpOptions {
  /** What followed `/djperf` when the verb was not recognised. */
  unknown?: string;
}

export function renderHelp(options: HelpOptions = {}): string {
  const parts: string[] = [];
  if (options.unknown !== undefined) parts.push(`I don't know the command ${codeSpan(`/djperf ${options.unknown}`.trim())}.`);
  const rows = COMMANDS.map((c) => `| ${escapeTableCell(codeSpan(c.usage))} | ${escapeTableCell(c.what)} |`);
  parts.push(
    "**djperf commands** — write one at the start of a line in a pull request comment:",
    ["| Command | What it does |", "|---|---|", ...rows].join("\n"),
    `To silence a finding you have checked, add ${codeSpan(suppressionComment("DJP101"))} on the flagged line or the line above.`,
  );
  return parts.join("\n\n");
}
