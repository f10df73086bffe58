import { describe, expect, it } from "vitest";
import { readCallFacts } from "../../../src/analysis/index/build.js";
import { buildCallerIndex } from "../../../src/analysis/index/callers.js";
import type { CallModuleFacts } from "../../../src/analysis/index/call-facts.js";

function indexOf(files: Record<string, string>) {
  const facts: CallModuleFacts[] = [];
  for (const [path, text] of Object.entries(files)) {
    const read = readCallFacts({ path, text });
    if (!read.ok) throw new Error(read.note);
    facts.push(read.facts);
  }
  return buildCallerIndex(facts);
}

const DEFINING = `
def notify(order, *, user):
    pass


def build(notify=False):
    # a parameter named like the function hides it: no mention of the function
    if notify:
        return 1
`;

describe("callers index", () => {
  it("resolves calls by imported name across a package prefix, with what each argument is", () => {
    const index = indexOf({
      "src/shop/mail.py": DEFINING,
      "src/shop/tasks.py": `
from celery import shared_task


@shared_task(name="shop.tasks.notify")
def run(order_id, user_id):
    from shop.mail import notify
    from shop.models import Order, User

    order = Order.objects.filter(pk=order_id).first()
    notify(order, user=User.objects.get(pk=user_id))


def forward(order):
    from shop.mail import notify

    notify(order, user=None)
`,
    });
    const calls = index.callsOf("src.shop.mail", "notify");
    expect(calls?.map((c) => c.call.args[0])).toEqual([
      { k: "row", cls: "shop.models.Order", manager: "objects" },
      { k: "param", fn: "forward", name: "order" },
    ]);
    expect(calls?.[0]?.call.kwargs.user).toEqual({ k: "row", cls: "shop.models.User", manager: "objects" });
    expect(index.shapeOf("src.shop.mail", "notify")?.params).toEqual([{ name: "order", position: 0 }, { name: "user" }]);
  });

  it("follows a package's re-export", () => {
    const index = indexOf({
      "shop/mail.py": DEFINING,
      "shop/__init__.py": "from .mail import notify\n",
      "shop/views.py": "from shop import notify\n\ndef view(o):\n    notify(o, user=None)\n",
    });
    expect(index.callsOf("shop.mail", "notify")).toHaveLength(1);
  });

  it.each([
    ["handed out as a value", "from shop.mail import notify\nHANDLERS = {'n': notify}\n"],
    ["reached as module.name", "from shop import mail\n\ndef f(o):\n    mail.notify(o, user=None)\n"],
    ["named by getattr", "from shop import mail\n\ndef f(o):\n    getattr(mail, 'notify')(o, user=None)\n"],
    ["named by a dotted path", "PATCH = 'shop.mail.notify'\n"],
    ["exported in __all__", "from shop.mail import notify\n__all__ = ['notify']\n"],
    ["given as a parameter's default", "from shop.mail import notify\n\ndef f(o, send=notify):\n    send(o, user=None)\n"],
    ["called twice ambiguously", "from mail import notify\n\ndef f(o):\n    notify(o, user=None)\n"],
  ])("leaves a function %s without known callers", (_, other) => {
    const index = indexOf({ "shop/mail.py": DEFINING, "other/mail.py": DEFINING, "shop/other.py": other });
    expect(index.callsOf("shop.mail", "notify")).toBeUndefined();
  });

  it("keeps known callers when a string only looks like the name (a Celery task name)", () => {
    const index = indexOf({ "shop/mail.py": DEFINING, "shop/tasks.py": "from shop.mail import notify\nNAME = 'shop.jobs.notify'\n\ndef f(o):\n    notify(o, user=None)\n" });
    expect(index.callsOf("shop.mail", "notify")).toHaveLength(1);
  });

  it("leaves a decorated function without known callers", () => {
    const index = indexOf({ "shop/mail.py": "@register\ndef notify(order):\n    pass\n", "shop/a.py": "from shop.mail import notify\n\ndef f(o):\n    notify(o)\n" });
    expect(index.callsOf("shop.mail", "notify")).toBeUndefined();
  });

  it("knows a function only ever handed to another thread, and no other", () => {
    const index = indexOf({
      "shop/imports.py": "def load(request, rows):\n    pass\n\ndef recount(request):\n    pass\n\ndef shared(request):\n    pass\n",
      "shop/views.py": `
import threading
from concurrent.futures import ThreadPoolExecutor
from shop.imports import load, recount, shared

POOL = ThreadPoolExecutor()


def upload(request):
    threading.Thread(target=load, args=(request, []), daemon=True).start()


def later(request):
    POOL.submit(recount, request)
    threading.Thread(target=shared, args=(request,)).start()


def now(request):
    shared(request)
    handlers = [recount]
`,
    });
    expect(index.runsOnlyOnOtherThreads("shop.imports", "load")).toBe(true);
    // Called directly by one view, listed as a value by another: it may run in the request.
    expect(index.runsOnlyOnOtherThreads("shop.imports", "shared")).toBe(false);
    expect(index.runsOnlyOnOtherThreads("shop.imports", "recount")).toBe(false);
    // Its callers still cannot all be seen.
    expect(index.callsOf("shop.imports", "load")).toBeUndefined();
  });
});
