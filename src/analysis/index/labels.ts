/**
 * Django app labels and `"app_label.ModelName"` references. An app's label is `AppConfig.label` when
 * its apps.py sets one, else the package that holds models.py / models/ (Meta.app_label, per model,
 * wins over both). Model names in labels are case-insensitive, as in Django's registry.
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
  /** Package module → AppConfig.label. */
  private readonly configLabels = new Map<string, string>();
  private readonly registry = new Map<string, string[]>();

  constructor(
    modules: Iterable<ModuleFacts>,
    private readonly notes: Notes,
  ) {
    for (const mod of modules) {
      for (const cls of mod.classes.values()) {
        if (!cls.bases.some((b) => lastName(b)?.endsWith("AppConfig"))) continue;
        const label = cls.attrs.find((a) => a.name === "label")?.value;
        if (label?.t !== "str") continue;
        const pkg = mod.isPackage ? mod.module : mod.module.split(".").slice(0, -1).join(".");
        this.configLabels.set(pkg, label.value);
      }
    }
  }

  /** The app label models defined in `module` get when their Meta says nothing. */
  ofModule(module: string): string {
    const parts = module.split(".");
    for (let i = parts.length; i >= 1; i--) {
      const label = this.configLabels.get(parts.slice(0, i).join("."));
      if (label !== undefined) return label;
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
