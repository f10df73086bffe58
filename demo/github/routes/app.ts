/** The App's own endpoints (JWT-authenticated): who it is, its installation, installation tokens. */
import { narrowPermissions, type AppAuth } from "../auth.js";
import { numericParam, requireRepo, type SimContext } from "../context.js";
import { notFound, route, type Route } from "../http.js";
import { accessTokenCreate, DOCS_URLS, parseBody } from "../validate.js";

export function appRoutes(ctx: SimContext, auth: AppAuth): Route[] {
  const installation = () => ({
    id: ctx.world.installationId,
    account: ctx.shapes.user(ctx.world.owner),
    repository_selection: "selected",
    app_id: ctx.world.app.id,
    app_slug: ctx.world.app.slug,
    target_type: ctx.world.ownerType,
    permissions: ctx.world.permissions,
    events: [],
  });
  return [
    route("GET /app", "app", () => ({ status: 200, json: ctx.shapes.app() })),

    route("GET /app/installations/{installation_id}", "app", (req) => {
      if (numericParam(req, "installation_id") !== ctx.world.installationId) throw notFound();
      return { status: 200, json: installation() };
    }),

    route("GET /repos/{owner}/{repo}/installation", "app", (req) => {
      requireRepo(ctx, req);
      return { status: 200, json: installation() };
    }),

    route("POST /app/installations/{installation_id}/access_tokens", "app", (req) => {
      const id = numericParam(req, "installation_id");
      if (id !== ctx.world.installationId) throw notFound();
      const input = parseBody(accessTokenCreate, req.body ?? undefined, DOCS_URLS.apps);
      const permissions = narrowPermissions(ctx.world.permissions, input?.permissions);
      const token = auth.issueToken(id, permissions);
      return {
        status: 201,
        json: {
          token: token.token,
          expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
          permissions,
          repository_selection: "selected",
          repositories: [ctx.shapes.repository()],
        },
      };
    }),
  ];
}
