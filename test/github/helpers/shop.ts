/**
 * A small Django shop at the head of pull request #42, with the patches GitHub lists for it. The
 * patches are written the way `git diff` prints them (3 lines of context); shop.test.ts checks that
 * every patch agrees with the head text it claims to produce.
 */
import { fakeSha } from "./fake-repo.js";
import type { PullFileSpec } from "./github-mock.js";

export const OWNER = "acme";
export const REPO = "shop";
export const PR = 42;
export const BASE_SHA = "3a1d9e7c5b3f1e9d7c5b3a1f9e7d5c3b1a9f7e5d";
export const HEAD_SHA = "9f3c2a1b7e6d5c4b3a29187f6e5d4c3b2a1f0e9d";
/** The head after a second push (synchronize). */
export const HEAD_SHA_2 = "c81e728d9d4c2f636f067f89cc14862c5a7b2e4f";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

export const MODELS_PY = lines(
  "from django.db import models",
  "",
  "",
  "class Customer(models.Model):",
  "    name = models.CharField(max_length=200)",
  "    email = models.EmailField(unique=True)",
  "    region = models.PositiveSmallIntegerField(default=1)",
  "",
  "",
  "class Order(models.Model):",
  '    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")',
  '    status = models.CharField(max_length=20, default="open")',
  "    total = models.DecimalField(max_digits=10, decimal_places=2)",
  "    created_at = models.DateTimeField(auto_now_add=True)",
  "",
  "",
  "class Invoice(models.Model):",
  "    order = models.OneToOneField(Order, on_delete=models.PROTECT)",
  "    total = models.DecimalField(max_digits=10, decimal_places=2)",
);

export const SETTINGS_PY = lines(
  'SECRET_KEY = "not-a-secret"',
  'INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]',
  'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}',
  'ROOT_URLCONF = "config.urls"',
);

export const APPS_PY = lines("from django.apps import AppConfig", "", "", "class ShopConfig(AppConfig):", '    name = "shop"');

/** Head of the first push: a query in a loop, len() of a queryset, raw SQL. */
export const VIEWS_PY = lines(
  "from django.http import JsonResponse", // 1
  "from django.shortcuts import render", // 2
  "", // 3
  "from shop.models import Customer, Order", // 4
  "", // 5
  "", // 6
  "def order_list(request):", // 7
  '    orders = Order.objects.filter(status="open").select_related("customer")', // 8
  '    return render(request, "shop/orders.html", {"orders": orders})', // 9
  "", // 10
  "", // 11
  "def customer_report(request):", // 12
  "    rows = []", // 13
  "    for customer in Customer.objects.all():", // 14
  '        open_orders = Order.objects.filter(customer=customer, status="open")', // 15
  '        rows.append({"name": customer.name, "open": len(Order.objects.filter(customer=customer))})', // 16
  '    return JsonResponse({"rows": rows})', // 17
  "", // 18
  "", // 19
  "def order_export(request):", // 20
  "    rows = Order.objects.raw(\"SELECT id, total FROM shop_order WHERE status = 'open'\")", // 21
  '    return JsonResponse({"rows": [(o.id, o.total) for o in rows]})', // 22
);

export const VIEWS_PATCH = [
  "@@ -12,5 +12,11 @@ def order_list(request):",
  " def customer_report(request):",
  "     rows = []",
  "     for customer in Customer.objects.all():",
  '-        rows.append({"name": customer.name})',
  '+        open_orders = Order.objects.filter(customer=customer, status="open")',
  '+        rows.append({"name": customer.name, "open": len(Order.objects.filter(customer=customer))})',
  '     return JsonResponse({"rows": rows})',
  "+",
  "+",
  "+def order_export(request):",
  "+    rows = Order.objects.raw(\"SELECT id, total FROM shop_order WHERE status = 'open'\")",
  '+    return JsonResponse({"rows": [(o.id, o.total) for o in rows]})',
].join("\n");

/**
 * Head of the second push: a new view above customer_report moves the old findings down five lines;
 * len() became .count() (that finding is fixed, the line's query finding is new text).
 */
export const VIEWS_PY_2 = lines(
  "from django.http import JsonResponse", // 1
  "from django.shortcuts import render", // 2
  "", // 3
  "from shop.models import Customer, Order", // 4
  "", // 5
  "", // 6
  "def order_list(request):", // 7
  '    orders = Order.objects.filter(status="open").select_related("customer")', // 8
  '    return render(request, "shop/orders.html", {"orders": orders})', // 9
  "", // 10
  "", // 11
  "def customer_names(request):", // 12
  '    names = list(Customer.objects.values_list("name", flat=True))', // 13
  '    return JsonResponse({"names": names})', // 14
  "", // 15
  "", // 16
  "def customer_report(request):", // 17
  "    rows = []", // 18
  "    for customer in Customer.objects.all():", // 19
  '        open_orders = Order.objects.filter(customer=customer, status="open")', // 20
  '        rows.append({"name": customer.name, "open": Order.objects.filter(customer=customer).count()})', // 21
  '    return JsonResponse({"rows": rows})', // 22
  "", // 23
  "", // 24
  "def order_export(request):", // 25
  "    rows = Order.objects.raw(\"SELECT id, total FROM shop_order WHERE status = 'open'\")", // 26
  '    return JsonResponse({"rows": [(o.id, o.total) for o in rows]})', // 27
);

export const VIEWS_PATCH_2 = [
  "@@ -9,8 +9,19 @@ def order_list(request):",
  '     return render(request, "shop/orders.html", {"orders": orders})',
  " ",
  " ",
  "+def customer_names(request):",
  '+    names = list(Customer.objects.values_list("name", flat=True))',
  '+    return JsonResponse({"names": names})',
  "+",
  "+",
  " def customer_report(request):",
  "     rows = []",
  "     for customer in Customer.objects.all():",
  '-        rows.append({"name": customer.name})',
  '+        open_orders = Order.objects.filter(customer=customer, status="open")',
  '+        rows.append({"name": customer.name, "open": Order.objects.filter(customer=customer).count()})',
  '     return JsonResponse({"rows": rows})',
  "+",
  "+",
  "+def order_export(request):",
  "+    rows = Order.objects.raw(\"SELECT id, total FROM shop_order WHERE status = 'open'\")",
  '+    return JsonResponse({"rows": [(o.id, o.total) for o in rows]})',
].join("\n");

/** Renamed from shop/billing.py with its import changed; its loop query predates the PR. */
export const BILLING_PY = lines(
  "from shop.models import Invoice, Order",
  "",
  "",
  "def close_month(month):",
  "    for order in Order.objects.filter(created_at__month=month):",
  "        Invoice.objects.create(order=order, total=order.total)",
);

export const BILLING_PATCH = ["@@ -1,4 +1,4 @@", "-from shop.models import Order", "+from shop.models import Invoice, Order", " ", " ", " def close_month(month):"].join("\n");

export const ORDERS_HTML = lines("{% for order in orders %}", "  <li>{{ order.customer.name }}: {{ order.total }}</li>", "{% endfor %}");

/** PNG signature and a header chunk: binary (NUL bytes). */
export const LOGO_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

/** Head files of the first push (the whole tree djperf may index). */
export function shopHead(views = VIEWS_PY): Record<string, string | Uint8Array> {
  return {
    "manage.py": lines("import os", "import sys", "", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")'),
    "config/__init__.py": "",
    "config/settings.py": SETTINGS_PY,
    "shop/__init__.py": "",
    "shop/apps.py": APPS_PY,
    "shop/models.py": MODELS_PY,
    "shop/views.py": views,
    "shop/services/__init__.py": "",
    "shop/services/billing.py": BILLING_PY,
    "shop/templates/shop/orders.html": ORDERS_HTML,
    "shop/static/shop/logo.png": LOGO_PNG,
    "shop/tests/test_views.py": lines("def test_report(client):", '    assert client.get("/report/").status_code == 200'),
    "requirements.txt": lines("Django==5.1.6", "psycopg[binary]==3.2.4"),
  };
}

/** The pull request's file list for the first push. */
export function shopPullFiles(viewsPatch = VIEWS_PATCH): PullFileSpec[] {
  return [
    { filename: "shop/services/billing.py", status: "renamed", previous_filename: "shop/billing.py", patch: BILLING_PATCH },
    { filename: "shop/legacy.py", status: "removed", patch: "@@ -1,3 +0,0 @@\n-from shop.models import Order\n-\n-LEGACY = Order.objects.none()" },
    { filename: "shop/static/shop/logo.png", status: "added" },
    { filename: "shop/templates/shop/orders.html", status: "modified", patch: "@@ -1,3 +1,3 @@\n {% for order in orders %}\n-  <li>{{ order.id }}: {{ order.total }}</li>\n+  <li>{{ order.customer.name }}: {{ order.total }}</li>\n {% endfor %}" },
    { filename: "shop/tests/test_views.py", status: "added", patch: "@@ -0,0 +1,2 @@\n+def test_report(client):\n+    assert client.get(\"/report/\").status_code == 200" },
    { filename: "shop/views.py", status: "modified", patch: viewsPatch },
  ];
}

/** A report view added by the PR: two queries in a loop and a len() of a queryset (3 findings). */
export function reportModule(n: number): string {
  return lines(
    "from django.http import JsonResponse",
    "",
    "from shop.models import Customer, Order",
    "",
    "",
    `def region_${n}_report(request):`,
    "    rows = []",
    `    for customer in Customer.objects.filter(region=${n}):`,
    '        recent = Order.objects.filter(customer=customer).order_by("-created_at")[:5]',
    '        rows.append({"name": customer.name, "orders": len(Order.objects.filter(customer=customer)), "recent": [o.total for o in recent]})',
    `    return JsonResponse({"region": ${n}, "rows": rows})`,
  );
}

/** A helper module without findings. */
export function cleanModule(n: number): string {
  return lines(
    "from decimal import Decimal",
    "",
    "",
    `def with_vat_${n}(amount: Decimal, rate: Decimal = Decimal("0.2")) -> Decimal:`,
    '    return (amount * (1 + rate)).quantize(Decimal("0.01"))',
  );
}

export const CHECK_RUN_ID = 24870551234;
export const REVIEW_ID = 2712345678;
export { fakeSha };
