/**
 * The logger the GitHub layer and the review pipeline write to: the subset of pino (Probot's logger)
 * they use, so `context.log` / `app.log` can be passed as they are and tests can pass a recorder.
 * Fields only, never tokens or payloads: callers bind installation / repo / pr / sha with `child`.
 */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/** An error as log fields: name, message, status when GitHub answered; never the request headers. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { err: String(error) };
  const status = (error as { status?: unknown }).status;
  return { err: { name: error.name, message: error.message, ...(typeof status === "number" ? { status } : {}) } };
}
