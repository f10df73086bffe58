/**
 * Webhook deliveries as GitHub sends them: the event payload (pull_request, issue_comment) with the
 * repository, sender and installation, signed with the App's webhook secret (X-Hub-Signature-256)
 * and posted with GitHub's delivery headers.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { Shapes } from "./shapes.js";
import { nodeId, type SimulatedWorld } from "./store.js";

export interface WebhookDelivery {
  id: string;
  event: string;
  status: number;
  responseBody: string;
}

export function webhookEnvelope(shapes: Shapes, world: SimulatedWorld, sender: string): Record<string, unknown> {
  return {
    repository: shapes.repository(),
    ...(world.ownerType === "Organization" ? { organization: { login: world.owner, id: shapes.user(world.owner).id, node_id: shapes.user(world.owner).node_id } } : {}),
    sender: shapes.user(sender),
    installation: { id: world.installationId, node_id: nodeId("user", `installation-${world.installationId}`) },
  };
}

/** The `issue` object of an issue_comment event on a pull request (it carries a `pull_request` link). */
export function issueOfPull(shapes: Shapes, pull: Record<string, unknown>): Record<string, unknown> {
  const number = pull.number as number;
  return {
    url: `${shapes.repoApi}/issues/${number}`,
    html_url: pull.html_url,
    id: 600_000 + number,
    node_id: `I_${number}`,
    number,
    title: pull.title,
    user: pull.user,
    labels: [],
    state: pull.state,
    locked: false,
    assignee: null,
    assignees: [],
    comments: pull.comments,
    created_at: pull.created_at,
    updated_at: pull.updated_at,
    closed_at: null,
    author_association: pull.author_association,
    draft: pull.draft,
    body: pull.body,
    pull_request: { url: pull.url, html_url: pull.html_url, diff_url: pull.diff_url, patch_url: pull.patch_url, merged_at: null },
  };
}

export function signPayload(secret: string, body: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    sha1: `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
  };
}

/** POSTs one delivery to the App's webhook URL and returns how the App answered. */
export async function deliverWebhook(options: { url: string; secret: string; event: string; payload: unknown; appId: number }): Promise<WebhookDelivery> {
  const id = randomUUID();
  const body = JSON.stringify(options.payload);
  const signature = signPayload(options.secret, body);
  const response = await fetch(options.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/simulated",
      "x-github-event": options.event,
      "x-github-delivery": id,
      "x-github-hook-id": "424242",
      "x-github-hook-installation-target-id": String(options.appId),
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature": signature.sha1,
      "x-hub-signature-256": signature.sha256,
    },
    body,
  });
  return { id, event: options.event, status: response.status, responseBody: await response.text() };
}
