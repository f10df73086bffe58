/**
 * The rule contract (DESIGN §3). A rule is data plus a pure `check(ctx)`: it reports, the pipeline
 * decides what to do with the reports.
 */
import type { z } from "zod";
import type { QueryMatch, SyntaxNode } from "tree-sitter";
import { codeSpan } from "./markdown-safe.js";
import type { Fix, Impact, Level, RelatedLocation } from "./finding.js";
import type { Range } from "./positions.js";
import type { ParsedFile } from "./source-file.js";
import type { ProjectIndex } from "./index/types.js";
import type { DjangoFacts } from "./django/types.js";
import type { TableSizes } from "./django/table-size.js";

export type RuleStatus = "preview" | "stable" | "deprecated";
export type RuleCategory = "orm" | "migrations" | "drf" | "caching" | "bulk" | "scalability" | "monitoring";
export type FixAvailability = "never" | "sometimes" | "always";
export type Confidence = "high" | "medium" | "low";
/** Which files a rule looks at. `python`: non-migration Python; `migration`: migration files only; `all`: both. */
export type RuleTarget = "python" | "migration" | "all";

export interface RuleMeta {
  id: string;
  name: string;
  category: RuleCategory;
  status: RuleStatus;
  level: Level;
  confidence: Confidence;
  fix: FixAvailability;
  target: RuleTarget;
  /** One line: what the rule finds (shown by `djperf rules`). */
  summary: string;
  /**
   * The rule calls `ctx.applies()` on files where it found something to examine (a transaction, a
   * task, a settings module). Without it, every file the rule runs on counts as examined. The
   * compliance table shows "nothing relevant" for items whose rules examined nothing.
   */
  reportsApplicability?: boolean;
  /** Silent until the project configures it (DJP404's `reference_models`): the default-config demo cannot show it. */
  optIn?: boolean;
  messages: Record<string, string>;
}

export interface Captures {
  pattern: number;
  captures: Record<string, SyntaxNode[]>;
}

export interface ReportDescriptor {
  node?: SyntaxNode;
  range?: Range;
  /** The construct that causes the finding (loop, class, chain); defaults to node/range. */
  scope?: SyntaxNode;
  /** Other constructs whose change causes the finding (the QuerySet definition a loop walks). */
  causes?: SyntaxNode[];
  messageId: string;
  data?: Record<string, string | number>;
  fix?: Fix;
  related?: RelatedLocation[];
  /** A lower or higher level than the rule's default for this one finding (e.g. info when save() is overridden). */
  level?: Level;
  /**
   * What the finding is about, for its identity across versions of the code (src/diff/blame.ts): the
   * model, relation and call that trigger it (`shop.models.Order.customer`), never a line or a local
   * variable name. Defaults to the reported node's source, normalised for formatting.
   */
  subject?: string;
  /** What the loop costs (src/analysis/django/impact.ts): a low one moves the finding to info. */
  impact?: Impact;
  /** The model the finding is about (qualified name): `large_models` in the config raises its impact. */
  model?: string;
  /** A sentence appended to the rendered message (why the level differs: a table listed in `large_models`). */
  note?: string;
}

/** What the configuration tells rules about the deployed project (never read from the repository's code). */
export interface ProjectFacts {
  /** `database.postgres_version`: the PostgreSQL major version in production, when the team set it. */
  postgresVersion?: number;
  /** Whether `large_models` lists the model, as `app_label.Model` or `Model` (model names compared case-insensitively). */
  isLargeModel(appLabel: string, modelName: string): boolean;
  /** Whether `small_models` lists the model (same matching as `isLargeModel`). */
  isSmallModel(appLabel: string, modelName: string): boolean;
  /** `index_advisor` in the config (DJP211 stays silent when it is off). */
  indexAdvisor: boolean;
  /** `migrations.deploy`: whether the previous release still serves while migrations run (`rolling`) or is stopped first. */
  deploy: "rolling" | "stop-migrate-start" | "migrate-after-deploy";
}

export interface RuleContext<O = Record<string, never>> {
  file: ParsedFile;
  index: ProjectIndex;
  django: DjangoFacts;
  options: O;
  /** Facts from the configuration: PostgreSQL version, tables declared large. */
  project: ProjectFacts;
  /** Tables the project's own code shows to be large or small (src/analysis/django/table-size.ts). */
  sizes: TableSizes;
  /** Matches of the rule's `query`, each with captures grouped by name. */
  matches(): Captures[];
  report(descriptor: ReportDescriptor): void;
  /** This file has something the rule examines (see RuleMeta.reportsApplicability). */
  applies(): void;
  /**
   * The rule could not decide here: a setting read from the environment, routing by a router
   * function. Shown as "? unverified" with the reason, never as a finding. `topic` narrows it to the
   * part of the rule it concerns (a message id), for rules that check several things.
   */
  unverified(reason: string, topic?: string): void;
}

export interface RuleDefinition<O = Record<string, never>> extends RuleMeta {
  /** tree-sitter query source; one multi-pattern query per rule. */
  query?: string;
  /** zod schema for the rule's options (with defaults). */
  options?: z.ZodType<O>;
  check(ctx: RuleContext<O>): void;
}

// Rules with different option types live in one registry.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = RuleDefinition<any>;

export function defineRule<O = Record<string, never>>(rule: RuleDefinition<O>): RuleDefinition<O> {
  return rule;
}

/** Replaces `{{name}}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  const fill = (text: string): string => text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
  // A placeholder inside a code span of the template carries source text (`{{call}}`, `?{{param}}=1000000`):
  // the span is fenced again around what it holds, longer than any backtick run in it, so a backtick in
  // the source cannot end the span and turn the rest into live Markdown (@mentions, links; issue 12).
  return template
    .split(/(`[^`\n]*`)/)
    .map((part) => (part.length > 1 && part.startsWith("`") && part.endsWith("`") && part.includes("{{") ? codeSpan(fill(part.slice(1, -1))) : fill(part)))
    .join("");
}

export type { QueryMatch };
