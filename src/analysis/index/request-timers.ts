/**
 * Middleware classes of the project that measure how long a request takes and log or record it: a
 * method reads a clock (`time.time()`, `time.perf_counter()`, `time.monotonic()`), subtracts a start
 * time from a second reading, and the class logs or records something (`logger.info(...)`,
 * `statsd.timing(...)`, a metric's `observe(...)`). Response times are then measured, by the project's
 * own code instead of an APM (DJP702; rotation set 11: a middleware logging duration, status and path
 * for every request). Syntax only: read with the per-module call facts.
 */
import type { SyntaxNode } from "../parser.js";

const CLOCKS = /^(time\.(time|perf_counter|monotonic|process_time)(_ns)?|perf_counter|monotonic|default_timer|timeit\.default_timer)$/;
/** Receivers and methods that log or record a value. */
const RECORDERS = /^(logger|log|logging|_logger|LOGGER|_log|statsd|metrics|\w*(histogram|timer|summary|gauge)\w*)$/i;
const RECORDING_METHODS = new Set(["debug", "info", "warning", "warn", "error", "exception", "critical", "log", "timing", "timer", "observe", "histogram", "gauge", "distribution", "record"]);
/** Methods Django calls around each request. */
const REQUEST_METHODS = new Set(["__call__", "__acall__", "process_request", "process_response", "process_view"]);

/** Names of the module-level classes that time requests. */
export function requestTimerClasses(root: SyntaxNode, text: string): string[] {
  if (!/perf_counter|monotonic|time\(|default_timer/.test(text)) return [];
  const out: string[] = [];
  for (const stmt of root.namedChildren) {
    const cls = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    const name = cls?.type === "class_definition" ? cls.childForFieldName("name")?.text : undefined;
    if (!cls || !name) continue;
    const methods = (cls.childForFieldName("body")?.namedChildren ?? [])
      .map((m) => (m.type === "decorated_definition" ? m.childForFieldName("definition") : m))
      .filter((m): m is SyntaxNode => m?.type === "function_definition");
    if (!methods.some((m) => REQUEST_METHODS.has(m.childForFieldName("name")?.text ?? ""))) continue;
    const calls = cls.descendantsOfType("call");
    const timed = cls.descendantsOfType("binary_operator").some((op) => op.childForFieldName("operator")?.text === "-" && isClockCall(op.childForFieldName("left")));
    const records = calls.some((call) => {
      const fn = call.childForFieldName("function");
      return fn?.type === "attribute" && RECORDING_METHODS.has(fn.childForFieldName("attribute")?.text ?? "") && RECORDERS.test(fn.childForFieldName("object")?.text.split(".").pop() ?? "");
    });
    if (timed && records) out.push(name);
  }
  return out;
}

function isClockCall(node: SyntaxNode | null): boolean {
  const fn = node?.type === "call" ? node.childForFieldName("function") : undefined;
  return fn !== undefined && fn !== null && CLOCKS.test(fn.text);
}
