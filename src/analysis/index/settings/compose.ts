/**
 * The services of a Docker Compose file, as far as DJP602 needs them: which run the web server, and
 * what each mounts (bind mounts of host folders, named volumes). Read from text alone; a file that
 * does not parse as YAML yields nothing.
 */
import { parse } from "yaml";
import { escapeRegExp } from "../../regexp.js";

export interface ComposeMount {
  /** The host path (`.`, `./media`, `/srv/media`) or the named volume; undefined for an anonymous volume. */
  source?: string;
  /** The path inside the container. */
  target: string;
  /** A host folder (bind mount), not a named or anonymous volume. */
  bind: boolean;
}

export interface ComposeService {
  path: string;
  line: number;
  name: string;
  /** Its command or entrypoint starts a WSGI / ASGI server (gunicorn, uWSGI, Daphne, Uvicorn, runserver…). */
  runsWeb: boolean;
  mounts: ComposeMount[];
  /** The settings module its environment names (`DJANGO_SETTINGS_MODULE=config.settings.docker`): it runs Django. */
  settingsModule?: string;
}

const WEB_SERVER = /\b(gunicorn|uwsgi|daphne|uvicorn|hypercorn|granian|waitress-serve|mod_wsgi-express|runserver)\b/;

export function composeServices(path: string, text: string): ComposeService[] {
  if (!/\bservices\s*:/.test(text)) return [];
  let doc: unknown;
  try {
    doc = parse(text, { logLevel: "silent" });
  } catch {
    return [];
  }
  const services = record(record(doc)?.services);
  if (!services) return [];
  const lines = text.split(/\r?\n/);
  const out: ComposeService[] = [];
  for (const [name, raw] of Object.entries(services)) {
    const service = record(raw);
    if (!service) continue;
    const command = [service.command, service.entrypoint].map((c) => (Array.isArray(c) ? c.join(" ") : typeof c === "string" ? c : "")).join(" ");
    const key = new RegExp(`^\\s+["']?${escapeRegExp(name)}["']?\\s*:`);
    const line = lines.findIndex((l) => key.test(l)) + 1;
    const settingsModule = settingsModuleOf(service.environment);
    out.push({ path, line, name, runsWeb: WEB_SERVER.test(command), mounts: mountsOf(service.volumes), ...(settingsModule ? { settingsModule } : {}) });
  }
  return out;
}

/** `environment:` as a list (`- DJANGO_SETTINGS_MODULE=x`) or a mapping (`DJANGO_SETTINGS_MODULE: x`). */
function settingsModuleOf(environment: unknown): string | undefined {
  let value: unknown;
  if (Array.isArray(environment)) {
    const entry = environment.find((e): e is string => typeof e === "string" && e.startsWith("DJANGO_SETTINGS_MODULE="));
    value = entry?.slice("DJANGO_SETTINGS_MODULE=".length);
  } else value = record(environment)?.DJANGO_SETTINGS_MODULE;
  return typeof value === "string" && /^[A-Za-z_][\w.]*$/.test(value) ? value : undefined;
}

function mountsOf(volumes: unknown): ComposeMount[] {
  if (!Array.isArray(volumes)) return [];
  const out: ComposeMount[] = [];
  for (const v of volumes) {
    if (typeof v === "string") {
      const parts = v.split(":");
      if (parts.length === 1) out.push({ target: parts[0]!, bind: false });
      else out.push({ source: parts[0]!, target: parts[1]!, bind: isHostPath(parts[0]!) });
    } else {
      const m = record(v);
      if (!m || typeof m.target !== "string") continue;
      const source = typeof m.source === "string" ? m.source : undefined;
      out.push({ ...(source !== undefined ? { source } : {}), target: m.target, bind: m.type === "bind" || (source !== undefined && isHostPath(source)) });
    }
  }
  return out;
}

function isHostPath(source: string): boolean {
  return /^(\.|\/|~|\$)/.test(source);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
