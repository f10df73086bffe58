/** Which repository paths the index asks for. */
import { describe, expect, it } from "vitest";
import { isModelSidePath, isSettingsPath, selectIndexPaths } from "../../../src/analysis/index/select.js";

describe("selectIndexPaths", () => {
  it("selects model modules and packages, what models build on, settings, app configs and requirements", () => {
    const paths = [
      "manage.py",
      "config/settings.py",
      "config/settings/base.py",
      "config/settings/production.py",
      "config/test_settings.py",
      "config/wsgi.py",
      "config/urls.py",
      "shop/models.py",
      "shop/models/__init__.py",
      "shop/models/orders.py",
      "shop/managers.py",
      "shop/querysets.py",
      "shop/mixins.py",
      "shop/base.py",
      "shop/abstract.py",
      "shop/fields.py",
      "shop/signals.py",
      "shop/receivers.py",
      "shop/apps.py",
      "shop/views.py",
      "shop/serializers.py",
      "shop/queries.py",
      "shop/selectors.py",
      "access/query_filters.py",
      "access/user_queries.py",
      "shop/querying.py",
      "shop/admin.py",
      "shop/migrations/0001_initial.py",
      "shop/migrations/__init__.py",
      "core/mixins/audit.py",
      "core/signals/handlers.py",
      "shop/tests/models.py",
      "shop/tests/test_models.py",
      "node_modules/x/models.py",
      ".venv/lib/python3.12/site-packages/django/db/models/base.py",
      "requirements.txt",
      "requirements/prod.txt",
      "pyproject.toml",
      "README.md",
      "shop/models.pyi",
    ];
    expect(selectIndexPaths(paths)).toEqual([
      "shop/models.py",
      "shop/models/__init__.py",
      "shop/models/orders.py",
      "shop/managers.py",
      "shop/querysets.py",
      "shop/mixins.py",
      "shop/base.py",
      "shop/abstract.py",
      "shop/fields.py",
      "shop/signals.py",
      "shop/receivers.py",
      "shop/apps.py",
      "core/mixins/audit.py",
      "core/signals/handlers.py",
      "config/settings.py",
      "config/settings/base.py",
      "config/settings/production.py",
      "config/test_settings.py",
      "manage.py",
      "config/wsgi.py",
      "requirements.txt",
      "requirements/prod.txt",
      "pyproject.toml",
      // DRF serializers and views, for the view ↔ serializer graph (last: models come first under the bound),
      // and the QuerySet helper modules their get_queryset calls.
      "shop/views.py",
      "shop/serializers.py",
      "shop/queries.py",
      "shop/selectors.py",
      // `query_filters.py`, `user_queries.py`: helper modules (and the registries plug-ins fill) by name.
      "access/query_filters.py",
      "access/user_queries.py",
    ]);
  });

  it("does not take a whole app because it lives under apps/ or base/", () => {
    expect(isModelSidePath("apps/shop/views.py")).toBe(false);
    expect(isModelSidePath("apps/shop/models.py")).toBe(true);
    expect(isModelSidePath("base/views.py")).toBe(false);
    expect(isSettingsPath("settings/dev.py")).toBe(true);
    expect(isSettingsPath("shop/views.py")).toBe(false);
    expect(isSettingsPath("config/settings_local.py")).toBe(true);
    expect(isSettingsPath("shop/mutations/shop_settings_update.py")).toBe(false);
    expect(isSettingsPath("shop/tests/test_settings_page.py")).toBe(false);
    expect(isModelSidePath("shop/api/mixins.py")).toBe(false);
    expect(isModelSidePath("shop/forms/base.py")).toBe(false);
    expect(isModelSidePath("shop/api/models.py")).toBe(true);
  });

  it("takes modules named for the models they hold, whatever the prefix or suffix", () => {
    expect(isModelSidePath("shop/apps/order/abstract_models.py")).toBe(true);
    expect(isModelSidePath("core/models_base.py")).toBe(true);
    expect(isModelSidePath("core/base_models.py")).toBe(true);
    expect(isModelSidePath("core/abstracts.py")).toBe(true);
    expect(isModelSidePath("shop/modelsxyz.py")).toBe(false);
    expect(isModelSidePath("shop/view_models_helper.py")).toBe(false);
    expect(isModelSidePath("shop/tests/test_models.py")).toBe(false);
  });

  it("adds the __init__.py of the packages selected modules sit in (re-exports), once each", () => {
    const paths = ["dojo/__init__.py", "dojo/api_v2/__init__.py", "dojo/api_v2/prefetch/__init__.py", "dojo/api_v2/prefetch/mixins.py", "dojo/api_v2/prefetch/utils.py", "dojo/models.py", "other/__init__.py", "other/util.py"];
    expect(selectIndexPaths(paths)).toEqual(["dojo/api_v2/prefetch/mixins.py", "dojo/models.py", "dojo/api_v2/prefetch/__init__.py", "dojo/api_v2/__init__.py", "dojo/__init__.py"]);
  });

  it("is bounded, model files first", () => {
    const paths = [...Array.from({ length: 30 }, (_, i) => `settings/s${i}.py`), ...Array.from({ length: 30 }, (_, i) => `app${i}/models.py`)];
    const selected = selectIndexPaths(paths, 40);
    expect(selected).toHaveLength(40);
    expect(selected.slice(0, 30).every((p) => p.endsWith("/models.py"))).toBe(true);
  });
});

describe("selectIndexPaths: DRF-layer modules by name", () => {
  it("reads view mixin modules (`utils/mixins.py`) and QuerySet modules (`catalogi/query.py`)", () => {
    // Rotation set 12 (open-zaak): the view mixin caching get_queryset and the QuerySet with the custom method lived there.
    const selected = selectIndexPaths(["proj/utils/mixins.py", "proj/catalogi/query.py", "proj/utils/helpers.py"]);
    expect(selected).toContain("proj/utils/mixins.py");
    expect(selected).toContain("proj/catalogi/query.py");
    expect(selected).not.toContain("proj/utils/helpers.py");
  });
});
