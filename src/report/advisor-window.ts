/**
 * The index advisor's call-site findings in a whole-repository `check`: DJP211 reports each advice once
 * at the model, and again at every call site that counts towards it, so that pull-request mode can
 * show it on the line the change added (the diff filter drops the other sites). A whole-repository
 * check has no changed lines: there the sites would repeat the model's finding once per call, so they
 * are dropped and the model's finding (which lists a few sites) stands for them. Pure.
 */
import type { AnalysisResult } from "../analysis/finding.js";

const SITE_MESSAGES: ReadonlySet<string> = new Set(["useField", "usePair", "usePartial"]);

export function dropAdvisorSites(result: AnalysisResult): AnalysisResult {
  const findings = result.findings.filter((f) => f.ruleId !== "DJP211" || !SITE_MESSAGES.has(f.messageId));
  return findings.length === result.findings.length ? result : { ...result, findings };
}
