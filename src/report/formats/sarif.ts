/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE
 * viewers). Paths stay repository-relative under `%SRCROOT%`; columns are UTF-16 code units, which is
 * SARIF's default `columnKind`, and `endColumn` is exclusive as in SARIF.
 */
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import type { Range } from "../../analysis/positions.js";
import type { AnyRule } from "../../analysis/rule.js";
import type { AnalysisResult, Diagnostic, Finding, Level } from "../../analysis/finding.js";
import { DEFAULT_DOCS_BASE_URL, DJPERF_HOMEPAGE, ruleDocUrl } from "../rule-docs.js";
import { sortFindings } from "./order.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const SARIF_FINGERPRINT_KEY = "djperf/v1";
const SRCROOT = "%SRCROOT%";

export interface SarifOptions {
  toolVersion: string;
  /** The tool's home page; defaults to djperf's repository. */
  informationUri?: string;
  /** Base URL the rule pages (`rules/<ID>-<name>/README.md`) are resolved against; ends in `/`. */
  docsBaseUri?: string;
  /**
   * The repository root on disk: declared as `%SRCROOT%` in `originalUriBaseIds` so viewers outside
   * code scanning can open the files. Code scanning resolves `%SRCROOT%` to the checkout itself.
   */
  srcRoot?: string;
}

const RESULT_LEVEL: Record<Level, Sarif.Result.level> = { block: "error", warn: "warning", info: "note" };

const NOTIFICATION_LEVEL: Record<Diagnostic["kind"], Sarif.Notification.level> = {
  "rule-crash": "error",
  internal: "error",
  "parse-error": "warning",
  config: "warning",
  suppression: "warning",
  skipped: "note",
};

const PRECISION: Record<AnyRule["confidence"], string> = { high: "high", medium: "medium", low: "low" };

/** A repository-relative POSIX path as a relative URI reference (spaces and `#` escaped). */
export function pathToUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** An absolute directory as a `file:` URI ending in `/`, as SARIF requires of a base URI. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function artifactLocation(path: string): Sarif.ArtifactLocation {
  return { uri: pathToUri(path), uriBaseId: SRCROOT };
}

function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
}

function physicalLocation(path: string, range: Range): Sarif.Location {
  return { physicalLocation: { artifactLocation: artifactLocation(path), region: region(range) } };
}

function toDescriptor(rule: AnyRule, docsBase: string): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    helpUri: ruleDocUrl(rule, docsBase),
    defaultConfiguration: { level: RESULT_LEVEL[rule.level] },
    properties: {
      category: rule.category,
      status: rule.status,
      precision: PRECISION[rule.confidence],
      tags: ["performance", rule.category],
    },
  };
}

function toResult(f: Finding, ruleIndex: ReadonlyMap<string, number>): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: f.ruleId,
    level: RESULT_LEVEL[f.level],
    message: { text: f.message },
    locations: [physicalLocation(f.path, f.range)],
    partialFingerprints: { [SARIF_FINGERPRINT_KEY]: f.fingerprint },
  };
  const index = ruleIndex.get(f.ruleId);
  if (index !== undefined) result.ruleIndex = index;
  if (f.related.length > 0) {
    result.relatedLocations = f.related.map((r, id) => ({ id, ...physicalLocation(r.path, r.range), message: { text: r.message } }));
  }
  // SARIF requires at least one replacement per fix: a fix without edits is advice, not a fix.
  if (f.fix && f.fix.edits.length > 0) {
    result.fixes = [
      {
        description: { text: f.fix.title },
        artifactChanges: [
          {
            artifactLocation: artifactLocation(f.path),
            replacements: f.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
          },
        ],
        properties: { safety: f.fix.safety },
      },
    ];
  }
  if (f.diff !== undefined) result.properties = { diff: f.diff };
  return result;
}

function toNotification(d: Diagnostic, ruleIndex: ReadonlyMap<string, number>): Sarif.Notification {
  const notification: Sarif.Notification = {
    level: NOTIFICATION_LEVEL[d.kind],
    message: { text: d.message },
    descriptor: { id: d.kind },
  };
  if (d.path !== undefined) {
    const location: Sarif.Location = { physicalLocation: { artifactLocation: artifactLocation(d.path) } };
    if (d.line !== undefined) location.physicalLocation!.region = { startLine: d.line };
    notification.locations = [location];
  }
  if (d.ruleId !== undefined) {
    const index = ruleIndex.get(d.ruleId);
    notification.associatedRule = index === undefined ? { id: d.ruleId } : { id: d.ruleId, index };
  }
  return notification;
}

export function toSarifLog(result: AnalysisResult, rules: readonly AnyRule[], opts: SarifOptions): Sarif.Log {
  const docsBase = opts.docsBaseUri ?? DEFAULT_DOCS_BASE_URL;
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "djperf",
            version: opts.toolVersion,
            informationUri: opts.informationUri ?? DJPERF_HOMEPAGE,
            rules: rules.map((r) => toDescriptor(r, docsBase)),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.diagnostics.map((d) => toNotification(d, ruleIndex)),
          },
        ],
        ...(opts.srcRoot !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(opts.srcRoot) } } } : {}),
        columnKind: "utf16CodeUnits",
        results: sortFindings(result.findings).map((f) => toResult(f, ruleIndex)),
      },
    ],
  };
}

export function formatSarif(result: AnalysisResult, rules: readonly AnyRule[], opts: SarifOptions): string {
  return `${JSON.stringify(toSarifLog(result, rules, opts), null, 2)}\n`;
}
