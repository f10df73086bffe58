/** The pull request the end-to-end tests review: one new view with a print() in a loop. */
import { fileURLToPath } from "node:url";
import { createRuleDocLoader } from "../../../src/rule-docs-loader.js";
import { TEST_RULES } from "../../cli/test-rules.js";
import type { DjperfAppOptions } from "../../../src/app.js";
import { newFilePatch, type PullRequestScenario } from "./pull-request-repo.js";

export const VIEWS = `from shop.models import Order


def report(request):
    for order in Order.objects.all():
        print(order.total)
    return None
`;

export const MODELS = `from django.db import models


class Order(models.Model):
    total = models.DecimalField(max_digits=10, decimal_places=2)
`;

export const README = "# Shop\n";

/** Adds shop/views.py: DJP999 (warn, stable) comments on the print, DJP998 (block, preview) goes to the check run. */
export function orderReportPullRequest(overrides: Partial<PullRequestScenario> = {}): PullRequestScenario {
  return {
    files: { "README.md": README, "shop/models.py": MODELS, "shop/views.py": VIEWS },
    changed: [{ filename: "shop/views.py", status: "added", patch: newFilePatch(VIEWS) }],
    ...overrides,
  };
}

/** Test rules instead of the real ones (which other people change), and a fixture rule page for explain. */
export const APP_OPTIONS: DjperfAppOptions = {
  rules: TEST_RULES,
  explainable: [{ id: "DJP101", name: "lazy-relation-in-loop" }],
  loadRuleDoc: createRuleDocLoader(fileURLToPath(new URL("../fixtures/", import.meta.url))),
};
