/**
 * Checks of the App's environment before Probot starts: with APP_ID set, a missing or unreadable
 * private key would make Probot fall back to its setup page (or fail deep inside a request), so the
 * server stops with one line saying what to fix instead.
 */
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";

/** The forms Probot accepts: PEM, PEM with `\n` escapes (one-line env files), base64 of PEM. */
function keyCandidates(raw: string): string[] {
  const decoded = /^[A-Za-z0-9+/=\s]+$/.test(raw) ? Buffer.from(raw, "base64").toString("utf8") : "";
  return [raw, raw.replace(/\\n/g, "\n"), decoded].filter((k) => k !== "");
}

function isPrivateKey(raw: string): boolean {
  return keyCandidates(raw.trim()).some((candidate) => {
    try {
      createPrivateKey(candidate);
      return true;
    } catch {
      return false;
    }
  });
}

/** Undefined when the environment can start the App (or the setup page, without APP_ID); else the problem. */
export function startupProblem(env: Readonly<Record<string, string | undefined>>, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): string | undefined {
  if (!env.APP_ID) return undefined; // Probot's setup page registers the App
  if (env.PRIVATE_KEY) {
    return isPrivateKey(env.PRIVATE_KEY) ? undefined : "PRIVATE_KEY is not a PEM private key (paste the .pem file's content, or set PRIVATE_KEY_PATH to the file)";
  }
  if (env.PRIVATE_KEY_PATH) {
    let text: string;
    try {
      text = readFile(env.PRIVATE_KEY_PATH);
    } catch (error) {
      return `PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    return isPrivateKey(text) ? undefined : `PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH} does not hold a PEM private key`;
  }
  return "APP_ID is set but no private key is: set PRIVATE_KEY (the .pem content) or PRIVATE_KEY_PATH (the file), or unset APP_ID to register the App from the setup page";
}
