/**
 * Runs every enabled rule on one parsed file. A rule that throws becomes a diagnostic (the review goes
 * on); suppressions are applied here so that every front end honours them the same way.
 */
import type { AnyRule, Captures, ProjectFacts, ReportDescriptor, RuleContext } from "./rule.js";
import { renderMessage } from "./rule.js";
import { rangeOf, linesOf, type Range } from "./positions.js";
import { compileQuery, type SyntaxNode } from "./parser.js";
import type { ParsedFile } from "./source-file.js";
import { isMigrationModule } from "./migrations.js";
import type { ProjectIndex } from "./index/types.js";
import type { DjangoFacts } from "./django/types.js";
import { NO_TABLE_SIZES, type TableSizes } from "./django/table-size.js";
import { collectSuppressions, findSuppression, type Suppression } from "./suppressions.js";
import { effectiveRule, ruleIdMatches } from "../config/resolve.js";
import type { DjperfConfig } from "../config/schema.js";
import type { Diagnostic, Finding } from "./finding.js";
import { fingerprintOf, identityOf, movedIdentityOf, normaliseSource } from "./fingerprint.js";
import { EnclosingNames } from "./enclosing-names.js";

export interface FileAnalysis {
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Per rule that ran on the file: did it examine something, and what could it not decide. */
  coverage: Map<string, { applicable: boolean; unverified: { reason: string; topic?: string }[] }>;
}

export interface EngineInput {
  file: ParsedFile;
  index: ProjectIndex;
  django: DjangoFacts;
  rules: readonly AnyRule[];
  config: DjperfConfig;
  /** Tables the project shows to be large (default: none known). */
  sizes?: TableSizes;
}

export function analyseFile({ file, index, django, rules, config, sizes }: EngineInput): FileAnalysis {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const suppressions = collectSuppressions(file.tree, file.lines, django.nodesOfType("comment"));
  for (const s of suppressions) {
    if (s.reason === "" && !s.fileWide) {
      diagnostics.push({
        kind: "suppression",
        path: file.path,
        line: s.line,
        message: `suppression of ${s.patterns.join(", ")} without a reason: say why after the brackets`,
      });
    }
  }
  const migration = isMigrationModule(file);
  const seen = new Set<string>();
  const used = new Set<Suppression>();
  const ran = new Set<string>();
  const coverage: FileAnalysis["coverage"] = new Map();
  const project = projectFacts(config);
  const enclosingNames = new EnclosingNames();

  for (const rule of rules) {
    if (rule.target === "migration" && !migration) continue;
    if (rule.target === "python" && migration) continue;
    const effective = effectiveRule(config, rule.id, rule.level, file.path);
    if (!effective.enabled) continue;

    let options: unknown = {};
    if (rule.options) {
      const parsed = rule.options.safeParse(withProjectLists(rule.options, effective.options, config));
      if (parsed.success) options = parsed.data;
      else {
        // The rule's own defaults could fail too (a required option): then skip the rule, not the file.
        const defaults = rule.options.safeParse({});
        diagnostics.push({
          kind: "config",
          ruleId: rule.id,
          message: `options for ${rule.id} are invalid (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); ${defaults.success ? "defaults used" : "the rule was skipped"}`,
        });
        if (!defaults.success) continue;
        options = defaults.data;
      }
    }

    const state: { applicable: boolean; unverified: { reason: string; topic?: string }[] } = {
      applicable: rule.reportsApplicability !== true,
      unverified: [],
    };
    coverage.set(rule.id, state);
    ran.add(rule.id);
    const report = (d: ReportDescriptor): void => {
      const finding = toFinding(rule, withImpact(d, index, config, sizes ?? NO_TABLE_SIZES, file.path), file, enclosingNames, effective.level !== rule.level ? effective.level : undefined);
      if (!finding) return;
      const key = `${finding.ruleId}:${finding.messageId}:${finding.range.start.line}:${finding.range.start.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      const { first, last } = linesOf(finding.range);
      state.applicable = true;
      const suppression = findSuppression(suppressions, rule.id, first, last);
      if (suppression) {
        used.add(suppression);
        return;
      }
      findings.push(finding);
    };

    const ctx: RuleContext<unknown> = {
      file,
      index,
      django,
      options,
      project,
      sizes: sizes ?? NO_TABLE_SIZES,
      matches: () => runQuery(rule, file),
      report,
      applies: () => {
        state.applicable = true;
      },
      unverified: (reason, topic) => {
        if (!state.unverified.some((u) => u.reason === reason && u.topic === topic)) state.unverified.push({ reason, ...(topic !== undefined ? { topic } : {}) });
      },
    };
    try {
      rule.check(ctx);
    } catch (error) {
      diagnostics.push({
        kind: "rule-crash",
        ruleId: rule.id,
        path: file.path,
        message: `${rule.id} crashed on this file and was skipped: ${describeError(error)}`,
      });
    }
  }
  diagnostics.push(...unusedSuppressions(suppressions, used, ran, file.path));
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.ruleId.localeCompare(b.ruleId));
  return { findings, diagnostics, coverage };
}

/**
 * Line suppressions that silenced nothing, like Ruff's RUF100: `# djperf: ignore[DJP102]` on a line
 * where DJP101 fires suppresses nothing, and says so. Only when every id or prefix it lists names a
 * rule that ran on this file, so a suppression for a rule turned off, or for a rule of another
 * version, is left alone.
 */
function unusedSuppressions(suppressions: readonly Suppression[], used: ReadonlySet<Suppression>, ran: ReadonlySet<string>, path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of suppressions) {
    if (s.fileWide || used.has(s)) continue;
    if (!s.patterns.every((p) => [...ran].some((id) => ruleIdMatches(p, id)))) continue;
    out.push({ kind: "suppression", path, line: s.line, message: `suppression of ${s.patterns.join(", ")} matches no finding here; remove it or name the rule that fires` });
  }
  return out;
}

function runQuery(rule: AnyRule, file: ParsedFile): Captures[] {
  if (!rule.query) return [];
  const query = compileQuery(rule.query);
  return query.matches(file.tree.rootNode).map((m) => {
    const captures: Captures["captures"] = {};
    for (const c of m.captures) (captures[c.name] ??= []).push(c.node);
    return { pattern: m.pattern, captures };
  });
}

/** The configuration's facts about the deployed project, as rules see them. */
export function projectFacts(config: DjperfConfig): ProjectFacts {
  const listed = (entries: readonly string[]) => (appLabel: string, modelName: string): boolean => listsModel(entries, [modelName, `${appLabel}.${modelName}`]);
  const version = config.database.postgres_version;
  return {
    ...(version !== undefined ? { postgresVersion: version } : {}),
    isLargeModel: listed(config.large_models),
    isSmallModel: listed(config.small_models),
    indexAdvisor: config.index_advisor !== "off",
    deploy: config.migrations.deploy,
  };
}

/**
 * The table sizes the project and the config show, applied to a loop finding's impact: `large_models`
 * makes it high (never moved to info); a table the project shows to be large (src/analysis/django/
 * table-size.ts) raises a finding that only lacked size evidence to normal; `small_models`, or a table the
 * project lists whole in one widget (and shows no sign of being large), lowers one that was material only
 * because of the table it walks.
 */
function withImpact(d: ReportDescriptor, index: ProjectIndex, config: DjperfConfig, sizes: TableSizes, path: string): ReportDescriptor {
  const impact = d.impact;
  const listed = (list: readonly string[], qualified: string | undefined): boolean => qualified !== undefined && listsModel(list, namesOf(qualified, index));
  if (listed(config.large_models, d.model) || listed(config.large_models, impact?.walks)) return { ...d, impact: { ...impact, level: "high", reason: "the table is listed in large_models" } };
  if (!impact?.walks) return d;
  const name = index.models.get(impact.walks)?.name ?? impact.walks;
  if (listed(config.small_models, impact.walks)) return { ...d, impact: { ...impact, level: "low", reason: `${name} is listed in small_models` } };
  const lines = impact.iterableLines;
  const large = sizes.large(impact.walks, { ...(impact.oneParent ? { oneParent: true } : {}), ...(impact.manyRows ? { manyRows: true } : {}), ...(impact.parents ? { parents: impact.parents } : {}), ...(lines ? { except: { path, from: lines[0], to: lines[1] } } : {}) });
  if (impact.level === "normal" && !large) {
    // Material because it walks the table's rows (all of them, a slice by value, an export): a table the
    // project lists whole in one widget holds a handful, like one in small_models.
    // So does a table only staff fill by hand in the admin (no code outside the admin, tests and
    // migrations inserts a row): tens of rows, not the thousands an N+1 needs to matter (rotation set 13).
    const small = sizes.small(impact.walks) ?? sizes.handEntered?.(impact.walks);
    return small ? { ...d, impact: { ...impact, level: "low", reason: `${name} holds few rows: ${small.reason}` } } : d;
  }
  if (impact.level !== "low" || !large) return d;
  if (impact.of === "table") return { ...d, impact: { ...impact, level: "normal", reason: `${name} is a large table: ${large.reason}` } };
  // A trace of a large table (an admin's raw id box, an `.iterator()`, a paginator, an event table) says
  // little about the rows one loop walks: judged over ten rounds, 24 of 165 loop findings it raised were
  // worth a comment (the rest a handful of rows, or wrong). It stays a hint at info; large_models raises.
  const rows = impact.oneParent ? `the ${name} rows of one parent (one parent may have many: ${large.reason})` : `${name} rows (${name} may be a large table: ${large.reason})`;
  return { ...d, impact: { ...impact, reason: `the loop walks ${rows}, but nothing shows that it walks many while a request or task waits (list ${name} in large_models to report such loops inline)` } };
}

/**
 * Whether a `large_models` / `small_models` list names a model by one of its names (`Model`,
 * `app_label.Model`, the qualified name): the one matcher of both lists, case-insensitive.
 */
function listsModel(entries: readonly string[], names: readonly string[]): boolean {
  if (entries.length === 0) return false;
  const lower = new Set(entries.map((entry) => entry.toLowerCase()));
  return names.some((name) => lower.has(name.toLowerCase()));
}

function namesOf(qualified: string, index: ProjectIndex): string[] {
  const model = index.models.get(qualified);
  return model ? [model.qualifiedName, `${model.appLabel}.${model.name}`, model.name] : [qualified];
}

/**
 * The level a finding is reported at: the config's when it sets one for the rule, else the rule's (or
 * the report's own). A low-impact finding (src/analysis/django/impact.ts) moves to info; either way the
 * message says how the impact was rated, so a reader sees why it is or is not an inline comment.
 */
function levelAndMessage(rule: AnyRule, d: ReportDescriptor, message: string, configLevel: Finding["level"] | undefined): { level: Finding["level"]; message: string } {
  if (configLevel !== undefined) return { level: configLevel, message };
  const level = d.level ?? rule.level;
  if (level === "info" || d.impact === undefined) return { level, message };
  if (d.impact.level !== "low") return { level, message: d.impact.reason ? `${message} Reported at ${level}: ${d.impact.reason}.` : message };
  return { level: "info", message: `${message} Reported at info: ${d.impact.reason ?? "the loop is short"}.` };
}

function toFinding(rule: AnyRule, d: ReportDescriptor, file: ParsedFile, names: EnclosingNames, configLevel: Finding["level"] | undefined): Finding | undefined {
  const range: Range | undefined = d.range ?? (d.node ? rangeOf(d.node) : undefined);
  if (!range) return undefined;
  const template = rule.messages[d.messageId];
  if (template === undefined) throw new Error(`${rule.id} reported unknown messageId "${d.messageId}"`);
  const scope = d.scope ? scopeRangeOf(d.scope) : range;
  const { first, last } = linesOf(range);
  const flagged = file.lines.slice(first - 1, last).join("\n");
  const enclosing = names.of(d.node ?? d.scope);
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    // A note explains the rule's own level choice; a level set in the config replaces that choice.
    ...levelAndMessage(rule, d, d.note && configLevel === undefined ? `${renderMessage(template, d.data)} ${d.note}` : renderMessage(template, d.data), configLevel),
    messageId: d.messageId,
    path: file.path,
    range,
    scope,
    ...(d.causes && d.causes.length > 0 ? { causes: d.causes.map(rangeOf) } : {}),
    related: d.related ?? [],
    ...(d.fix ? { fix: d.fix } : {}),
    ...(d.impact ? { impact: d.impact } : {}),
    ...(d.model ? { model: d.model } : {}),
    fingerprint: fingerprintOf(rule.id, file.path, flagged, d.messageId, enclosing),
    identity: identityOf(rule.id, enclosing, d.subject ?? defaultSubject(d.node, flagged)),
    movedIdentity: movedIdentityOf(rule.id, d.messageId, d.model, flagged),
  };
}

/**
 * Without a subject from the rule, a call is identified by what it calls (`pisa.pisaDocument`), not by
 * its arguments: editing one argument of an existing call is not a new finding. Several calls of the
 * same function in one definition share the identity; blame counts them (src/diff/blame.ts).
 */
function defaultSubject(node: SyntaxNode | undefined, flagged: string): string {
  if (node?.type === "call") {
    const callee = node.childForFieldName("function");
    if (callee) return `call:${normaliseSource(callee.text)}`;
  }
  return normaliseSource(node?.text ?? flagged);
}


/**
 * A loop statement's scope is its header (`for row in qs:` / `while cond:`): the finding's own line is
 * a separate span, and a change elsewhere in a long loop body is not a change to this finding.
 * Other scopes (a comprehension, a class, a call chain) are used whole.
 */
function scopeRangeOf(node: SyntaxNode): Range {
  if (node.type !== "for_statement" && node.type !== "while_statement") return rangeOf(node);
  const body = node.childForFieldName("body");
  const colon = body?.previousSibling;
  if (!colon) return rangeOf(node);
  return { start: rangeOf(node).start, end: rangeOf(colon).end };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const frame = error.stack?.split("\n").find((l) => l.trim().startsWith("at "))?.trim();
    return frame ? `${error.message} (${withoutServerPaths(frame)})` : error.message;
  }
  return String(error);
}

/**
 * Diagnostics reach public check runs: keep a frame's file name and line, never the server's directories
 * (`at check (/srv/app/rules/DJP101-x/rule.ts:12:5)` → `at check (rules/DJP101-x/rule.ts:12:5)`).
 */
export function withoutServerPaths(frame: string): string {
  return frame.replace(/(^|[\s(])(?:file:\/\/)?(\/[^\s()]+)/g, (_whole, before: string, path: string) => {
    const parts = path.split("/");
    const top = parts.findLastIndex((p) => p === "rules" || p === "src" || p === "dist");
    return before + (top >= 0 ? parts.slice(top).join("/") : (parts[parts.length - 1] ?? path));
  });
}

/**
 * Project-wide lists from the config (`reference_models`) reach the rules whose options declare a key
 * of that name (DJP404), unless the rule's own options set it.
 */
function withProjectLists(schema: unknown, options: unknown, config: DjperfConfig): unknown {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  if (!shape || !("reference_models" in shape)) return options;
  return { reference_models: config.reference_models, ...(options as Record<string, unknown> | undefined) };
}
