/**
 * Uploads on the local disk of a Docker Compose deployment whose web service keeps MEDIA_ROOT on a
 * mounted volume (rotation 12, and earlier rounds' shared-media-volume and single-instance rows): the
 * files live on the host, survive the container's replacement, and every container that mounts the
 * same volume sees them. That is the rule's own "a volume every instance mounts" (`shared_media`),
 * shown by the repository. Only compose files that describe production count: named for it
 * (`docker-compose.prod.yml`, `compose.production.yaml`, `deploy/…`) or setting
 * DJANGO_SETTINGS_MODULE to the production module; a development compose file bind-mounts the
 * source tree for live reloading and says nothing about production.
 */
import type { RuleContext } from "../../src/analysis/rule.js";
import type { ComposeService } from "../../src/analysis/index/settings/compose.js";
import type { SettingLookup } from "../../src/analysis/index/settings/values.js";
import { escapeRegExp } from "../../src/analysis/regexp.js";

const PRODUCTION_COMPOSE = /(^|[._/-])(prod|production|live|release|deploy|deployment)([._/-]|$)/i;
/** Names a settings module gives the project's own folder (`BASE_DIR = Path(__file__).resolve().parent.parent`). */
const PROJECT_DIR = /__file__/;

/** Why MEDIA_ROOT is on a volume of the production compose deployment's web services, or undefined. */
export function mediaOnComposeVolume<O>(ctx: RuleContext<O>): string | undefined {
  const settings = ctx.index.settings;
  const production = settings.production.module;
  if (!production) return undefined;
  const files = new Set(settings.compose.map((s) => s.path));
  for (const file of files) {
    const named = PRODUCTION_COMPOSE.test(file.replace(/\.ya?ml$/i, ""));
    const sets = settings.entryPoints.some((r) => r.kind === "compose" && r.path === file && settings.evaluated(r.module)?.module === production);
    if (!named && !sets) continue;
    const services = settings.compose.filter((s) => s.path === file);
    let web = services.filter((s) => s.runsWeb);
    // A web service started by its image's own command (no `command:` here): the services that run
    // the production settings are the deployment's Django processes, the web one among them.
    const django = services.filter((s) => s.settingsModule !== undefined && settings.evaluated(s.settingsModule)?.module === production);
    const holders = web.length > 0 ? (web.length > 1 ? "web services" : "web service") : "services that run the production settings";
    if (web.length === 0) web = django;
    if (web.length === 0) continue;
    const media = settings.inProduction("MEDIA_ROOT");
    const mounts = web.map((s) => mountHolding(ctx, s, media, file));
    if (mounts.every((m) => m !== undefined)) return `${file} mounts ${mounts[0]} in its ${holders}`;
  }
  return undefined;
}

/** The mount of the service that holds MEDIA_ROOT (as `source:target`), or undefined. */
function mountHolding<O>(ctx: RuleContext<O>, service: ComposeService, media: SettingLookup, file: string): string | undefined {
  if (media.status !== "set") return undefined;
  const value = media.value;
  if (value.kind === "str" && value.value.startsWith("/")) {
    const path = value.value.replace(/\/+$/, "");
    const m = service.mounts.find((mount) => mount.source !== undefined && (path === mount.target.replace(/\/+$/, "") || path.startsWith(`${mount.target.replace(/\/+$/, "")}/`)));
    return m ? `\`${m.source}:${m.target}\`` : undefined;
  }
  if (value.kind !== "unknown" || value.reason !== "expr" || !fromProjectFolder(ctx, value.text ?? "", 0)) return undefined;
  // A MEDIA_ROOT inside the project folder (built from `__file__`), and the compose file, at the
  // repository's root, bind-mounts that folder (`.:/code`): the media live in the host's checkout.
  const checkout = file.includes("/") ? undefined : service.mounts.find((mount) => mount.bind && /^\.\/?$/.test(mount.source ?? ""));
  if (checkout) return `\`${checkout.source}:${checkout.target}\``;
  // `os.path.join(BASE_DIR, "media")` / `BASE_DIR / "media"`, and a volume mounted at a folder of that
  // name inside the image's project folder (`seed_media:/seed/media`): the container's MEDIA_ROOT.
  const tail = projectSubfolder(value.text ?? "");
  const m = tail === undefined ? undefined : service.mounts.find((mount) => mount.source !== undefined && !mount.bind && new RegExp(`^/[^/]+(/[^/]+)*/${escapeRegExp(tail)}/?$`).test(mount.target));
  return m ? `\`${m.source}:${m.target}\`` : undefined;
}

/** The literal folder a MEDIA_ROOT expression adds to a settings name: `os.path.join(BASE_DIR, "media")` → `media`. */
function projectSubfolder(text: string): string | undefined {
  const m = /^(?:os\.path\.join|join)\(\s*[A-Z][A-Z0-9_]*\s*,\s*["']([\w.-][\w./-]*)["']\s*\)$/.exec(text.trim()) ?? /^[A-Z][A-Z0-9_]*\s*\/\s*["']([\w.-][\w./-]*)["']$/.exec(text.trim());
  const folder = m?.[1]?.replace(/\/+$/, "");
  return folder && !folder.includes("//") ? folder : undefined;
}

/** The expression is built from `__file__`, directly or through names of the production settings (two steps). */
function fromProjectFolder<O>(ctx: RuleContext<O>, text: string, depth: number): boolean {
  if (PROJECT_DIR.test(text)) return true;
  if (depth >= 2) return false;
  for (const name of new Set(text.match(/\b[A-Z][A-Z0-9_]*\b/g) ?? [])) {
    const lookup = ctx.index.settings.inProduction(name);
    if (lookup.status === "set" && lookup.value.kind === "unknown" && lookup.value.reason === "expr" && fromProjectFolder(ctx, lookup.value.text ?? "", depth + 1)) return true;
  }
  return false;
}
