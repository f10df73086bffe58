/**
 * The pull request the demo opens against examples/shop: a new reports module, an address import
 * command, one more Celery task and the URL routes. Written as a developer would, with six performance
 * mistakes in it (listed in EXPECTED_FINDINGS) next to correct code that must stay quiet.
 *
 * Edits are anchored on text, not line numbers, so the shop can evolve under them; an anchor that is
 * gone fails the demo loudly instead of producing a different pull request.
 */

export interface PullRequestChange {
  branch: string;
  title: string;
  body: string;
  /** One commit per entry, applied in order on top of the base branch. */
  commits: ChangeCommit[];
}

export interface ChangeCommit {
  message: string;
  edits: FileEdit[];
}

export type FileEdit =
  /** Copies `demo/pr-change/files/<path>` into the repository (a new or replaced file). */
  | { kind: "copy"; path: string }
  /** Appends `demo/pr-change/edits/<from>` to the file. */
  | { kind: "append"; path: string; from: string }
  /** Inserts text right after the first occurrence of `anchor`. */
  | { kind: "insert-after"; path: string; anchor: string; text: string };

/** A commit on the base branch after the PR branched off: the PR must not show it (merge-base diff). */
export const BASE_ADVANCE: ChangeCommit = {
  message: "Pin gunicorn 22.0.0 in the README's deployment notes",
  edits: [
    {
      kind: "insert-after",
      path: "README.md",
      anchor: "\n",
      text: "\n> Deployed with gunicorn 22.0.0 behind nginx; see requirements.txt for the pinned versions.\n",
    },
  ],
};

export const PULL_REQUEST_CHANGE: PullRequestChange = {
  branch: "feature/order-reports",
  title: "Order reports for operations, address import, large-order flag",
  body: [
    "Adds what the operations team asked for this sprint:",
    "",
    "- `/dashboard/reports/weekly/`: paid orders of the last seven days with customer and line count",
    "- `/dashboard/reports/top-customers/`: the ten biggest spenders of the year",
    "- `/account/orders/<reference>/summary/`: cached summary block for the account page",
    "- `manage.py import_addresses`: imports shipping addresses from the old shop's CSV export",
    "- `flag_large_orders` Celery task: marks big paid orders for a manual check before shipping",
  ].join("\n"),
  commits: [
    {
      message: "Add weekly sales, top customers and order summary reports",
      edits: [
        { kind: "copy", path: "orders/reports.py" },
        {
          kind: "insert-after",
          path: "shop_project/urls.py",
          anchor: "from orders import views as order_views\n",
          text: "from orders import reports as order_reports\n",
        },
        {
          kind: "insert-after",
          path: "shop_project/urls.py",
          anchor: "urlpatterns = [\n",
          text: [
            '    path("dashboard/reports/weekly/", order_reports.weekly_sales_report, name="weekly-sales-report"),',
            '    path("dashboard/reports/top-customers/", order_reports.top_customers, name="top-customers"),',
            '    path("account/orders/latest/", order_reports.latest_order, name="latest-order"),',
            '    path("account/orders/<str:reference>/summary/", order_reports.order_summary, name="order-summary"),',
            "",
          ].join("\n"),
        },
      ],
    },
    {
      message: "Import addresses from the old shop; flag large orders for the warehouse",
      edits: [
        { kind: "copy", path: "orders/management/commands/import_addresses.py" },
        { kind: "append", path: "orders/tasks.py", from: "orders-tasks.py" },
      ],
    },
  ],
};

export interface ExpectedFinding {
  ruleId: string;
  path: string;
  /** The exact text of the line the inline comment must sit on (trimmed), found in the head file. */
  line: string;
}

/** What djperf must comment on this pull request, and nothing else. */
export const EXPECTED_FINDINGS: readonly ExpectedFinding[] = [
  { ruleId: "DJP101", path: "orders/reports.py", line: '"customer": order.customer.name,' },
  { ruleId: "DJP102", path: "orders/reports.py", line: '"lines": order.items.count(),' },
  { ruleId: "DJP104", path: "orders/reports.py", line: 'key = f"order-summary:{order.customer.id}:{order.reference}"' },
  { ruleId: "DJP103", path: "orders/management/commands/import_addresses.py", line: 'customer = Customer.objects.get(email=row["email"].strip().lower())' },
  { ruleId: "DJP501", path: "orders/management/commands/import_addresses.py", line: "Address.objects.create(" },
  { ruleId: "DJP502", path: "orders/tasks.py", line: 'order.save(update_fields=["notes"])' },
];
