/** The output formats every front end shares (CLI `--format`, the demo, tests). */
export { formatText, summaryLine, type TextOptions } from "./text.js";
export { formatJson, toJsonReport, JSON_FORMAT_VERSION, type JsonReport, type JsonFinding, type JsonDiagnostic } from "./json.js";
export { formatSarif, toSarifLog, SARIF_SCHEMA_URI, SARIF_FINGERPRINT_KEY, type SarifOptions } from "./sarif.js";
export { formatGithub } from "./github.js";
export { sortFindings, compareFindings } from "./order.js";
