import { describe, expect, it } from "vitest";
import { readCallFacts } from "../../../src/analysis/index/build.js";
import { buildRouteIndex } from "../../../src/analysis/index/routes.js";

function routesOf(files: Record<string, string>, complete = true) {
  const uses = Object.entries(files).map(([path, text]) => {
    const read = readCallFacts({ path, text });
    if (!read.ok) throw new Error(read.note);
    return read.facts.classUses;
  });
  return buildRouteIndex(uses, complete);
}

const VIEWS = `
from rest_framework import viewsets


class BaseThingViewSet(viewsets.ModelViewSet):
    """Routed by ThingViewSet.as_view({"get": "list"}) in the docs only."""


class ThingViewSet(BaseThingViewSet):
    def get_serializer_class(self):
        return super(ThingViewSet, self).get_serializer_class()


class OtherViewSet(viewsets.ModelViewSet):
    pass
`;

describe("routes index", () => {
  it("proves a list unrouted when every mention maps other actions, subclasses included", () => {
    const routes = routesOf({
      "shop/views.py": VIEWS,
      "shop/urls.py": `
from django.urls import path
from shop import views
from shop.views import ThingViewSet

urlpatterns = [
    path("t/<int:pk>", ThingViewSet.as_view({"get": "retrieve"})),
    path("o/<int:pk>", views.OtherViewSet.as_view({"get": "retrieve", "delete": "destroy"})),
]
`,
    });
    expect(routes.listNeverRouted("ThingViewSet")).toBe(true);
    expect(routes.listNeverRouted("BaseThingViewSet")).toBe(true);
    expect(routes.listNeverRouted("OtherViewSet")).toBe(true);
  });

  it("keeps the list for a router, an alias, a string, a mapping read at runtime, no mention or a partial read", () => {
    const urls = `
from rest_framework.routers import SimpleRouter
from shop.views import OtherViewSet as Other

router = SimpleRouter()
router.register("o", Other)
ACTIONS = {"get": "retrieve"}
urlpatterns = [path("t", ThingViewSet.as_view(ACTIONS))]
HANDLER = "shop.views.BaseThingViewSet"
`;
    const routes = routesOf({ "shop/views.py": VIEWS, "shop/urls.py": urls });
    expect(routes.listNeverRouted("OtherViewSet")).toBe(false);
    expect(routes.listNeverRouted("ThingViewSet")).toBe(false);
    expect(routes.listNeverRouted("BaseThingViewSet")).toBe(false);
    expect(routesOf({ "shop/views.py": VIEWS }).listNeverRouted("OtherViewSet")).toBe(false);
    const routed = { "shop/views.py": VIEWS, "shop/urls.py": `from shop.views import OtherViewSet\nu = OtherViewSet.as_view({"get": "retrieve"})\n` };
    expect(routesOf(routed).listNeverRouted("OtherViewSet")).toBe(true);
    expect(routesOf(routed, false).listNeverRouted("OtherViewSet")).toBe(false);
  });

  it("knows a base routed only through its subclasses; a read of its configuration is no route", () => {
    const views = `
from rest_framework import viewsets


class BaseViewSet(viewsets.ModelViewSet):
    filter_backends = ()


class ThingViewSet(BaseViewSet):
    filter_backends = BaseViewSet.filter_backends + ()


class RoutedBaseViewSet(viewsets.ModelViewSet):
    pass


class OtherThingViewSet(RoutedBaseViewSet):
    pass
`;
    const urls = `
from shop.views import OtherThingViewSet, RoutedBaseViewSet, ThingViewSet
router.register("t", ThingViewSet)
router.register("o", OtherThingViewSet)
router.register("b", RoutedBaseViewSet)
`;
    const routes = routesOf({ "shop/views.py": views, "shop/urls.py": urls });
    expect(routes.onlySubclassed("BaseViewSet")).toBe(true);
    expect(routes.onlySubclassed("RoutedBaseViewSet")).toBe(false);
    expect(routes.onlySubclassed("ThingViewSet")).toBe(false);
    expect(routesOf({ "shop/views.py": views, "shop/urls.py": urls }, false).onlySubclassed("BaseViewSet")).toBe(false);
  });

  it("proves a view no module names dead when every sibling of its module is wired by name", () => {
    const views = `
from rest_framework import viewsets


class PeopleViewSet(viewsets.ModelViewSet):
    pass


class BallotViewSet(viewsets.ViewSet):
    pass


class StampView(viewsets.ViewSet):
    pass
`;
    const urls = `
from shop import views
router.register("b", views.BallotViewSet)
urlpatterns = [path("s", views.StampView.as_view())]
`;
    expect(routesOf({ "shop/views.py": views, "shop/urls.py": urls }).listNeverRouted("PeopleViewSet")).toBe(true);
    // A sibling no module names either: the module's views are not plainly wired.
    const lone = urls.replace(/^router.*$/m, "");
    expect(routesOf({ "shop/views.py": views, "shop/urls.py": lone }).listNeverRouted("PeopleViewSet")).toBe(false);
    // A class decorator may register it; a module that finds classes without naming them may route it.
    const decorated = views.replace("class PeopleViewSet", "@register\nclass PeopleViewSet");
    expect(routesOf({ "shop/views.py": decorated, "shop/urls.py": urls }).listNeverRouted("PeopleViewSet")).toBe(false);
    const plugins = "def load():\n    return BaseView.__subclasses__()\n";
    expect(routesOf({ "shop/views.py": views, "shop/urls.py": urls, "shop/plugins.py": plugins }).listNeverRouted("PeopleViewSet")).toBe(false);
    const registry = "class Registered(type):\n    pass\nclass Thing(metaclass=Registered):\n    pass\n";
    expect(routesOf({ "shop/views.py": views, "shop/urls.py": urls, "shop/registry.py": registry }).listNeverRouted("PeopleViewSet")).toBe(false);
    // Two classes of the name, or a partial read: nothing is proven.
    expect(routesOf({ "shop/views.py": views, "shop/urls.py": urls, "blog/views.py": "class PeopleViewSet(V):\n    pass\n" }).listNeverRouted("PeopleViewSet")).toBe(false);
    expect(routesOf({ "shop/views.py": views, "shop/urls.py": urls }, false).listNeverRouted("PeopleViewSet")).toBe(false);
  });
});
