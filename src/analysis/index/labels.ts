/**
 * Django app labels and `"app_label.ModelName"` references. An AppConfig labels its whole package,
 * sub-packages included (`dojo/test/models.py` belongs to the `dojo` app): with `AppConfig.label`, or
 * else the last part of `AppConfig.name`, as Django does. Without an AppConfig the label is the package
 * that holds models.py / models/. Meta.app_label, per model, wins over all of these. Model names in
 * labels are case-insensitive, as in Django's registry. A sub-package with a `migrations/` folder of its
 * own is an app of its own: an AppConfig above it does not label it.
 */
import { lastName } from "./expr.js";
import type { ModuleFacts } from "./facts.js";
import type { Notes } from "./notes.js";

export interface LabelledModel {
  qualifiedName: string;
  name: string;
  appLabel: string;
  isAbstract: boolean;
}

export class AppLabels {
  /** App package module → its label (AppConfig.label, or the last part of AppConfig.name). */
  private readonly configLabels = new Map<string, string>();
  private readonly registry = new Map<string, string[]>();

  constructor(
    modules: Iterable<ModuleFacts>,
    private readonly notes: Notes,
    /** Packages with a `migrations/` folder of their own: apps, whatever package holds them. */
    private readonly appPackages: ReadonlySet<string> = new Set(),
  ) {
    for (const mod of modules) {
      for (const cls of mod.classes.values()) {
        if (!cls.bases.some((b) => lastName(b)?.endsWith("AppConfig"))) continue;
        const label = cls.attrs.find((a) => a.name === "label")?.value;
        const name = cls.attrs.find((a) => a.name === "name")?.value;
        const appName = name?.t === "str" && name.value !== "" ? name.value : undefined;
        // A config without `name` is a base for other configs, not an app.
        if (label?.t !== "str" && !appName) continue;
        const pkg = mod.isPackage ? mod.module : mod.module.split(".").slice(0, -1).join(".");
        const value = label?.t === "str" ? label.value : (appName!.split(".").pop() ?? appName!);
        this.configLabels.set(appPackage(pkg, appName), value);
      }
    }
  }

  /** The app label models defined in `module` get when their Meta says nothing: the innermost app package's. */
  ofModule(module: string): string {
    const parts = module.split(".");
    for (let i = parts.length; i >= 1; i--) {
      const pkg = parts.slice(0, i).join(".");
      const label = this.configLabels.get(pkg);
      if (label !== undefined) return label;
      // A sub-package with migrations of its own is an app of its own (`stuf.stuf_zds` in INSTALLED_APPS
      // beside `stuf`, whose AppConfig has no say over it): Django's default label, its last part
      // (rotation set 11: django-solo's StufZDSConfig labelled `stuf`, its migrations' `stuf_zds` unresolved).
      if (this.appPackages.has(pkg)) return parts[i - 1] ?? pkg;
    }
    // The package holding the models module: `billing` for `project.billing.models.models`.
    const models = parts.findIndex((p, i) => i > 0 && p === "models");
    if (models > 0) return parts[models - 1] ?? module;
    return parts.length >= 2 ? (parts[parts.length - 2] ?? module) : module;
  }

  register(model: LabelledModel): void {
    // Abstract models are not in Django's registry: `"app.AbstractBase"` is not a valid reference.
    if (model.isAbstract) return;
    const key = `${model.appLabel}.${model.name.toLowerCase()}`;
    const list = this.registry.get(key);
    if (list) list.push(model.qualifiedName);
    else this.registry.set(key, [model.qualifiedName]);
  }

  /** `"shop.Order"`, or `"Order"` relative to the app of `fromModule`; unique matches only. */
  resolve(label: string, fromModule: string): string | undefined {
    const parts = label.split(".");
    if (parts.length > 2 || parts.some((p) => p === "")) return undefined;
    const [app, name] = parts.length === 2 ? parts : [this.ofModule(fromModule), parts[0]];
    return this.resolveIn(app ?? "", name ?? "");
  }

  resolveIn(appLabel: string, modelName: string): string | undefined {
    const key = `${appLabel}.${modelName.toLowerCase()}`;
    const found = this.registry.get(key);
    if (!found) return undefined;
    if (found.length > 1) {
      this.notes.add(`model label ${appLabel}.${modelName} is ambiguous (${found.join(", ")}); left unresolved`);
      return undefined;
    }
    return found[0];
  }
}

/**
 * The package an AppConfig configures: the package of its apps.py when `name` names it (also as a
 * suffix, for `src/` layouts where the index's module is `src.shop` and Django's is `shop`), else the
 * package `name` spells (a config declared in another package).
 */
function appPackage(pkg: string, appName: string | undefined): string {
  if (!appName || pkg === appName || pkg.endsWith(`.${appName}`)) return pkg;
  return appName;
}
