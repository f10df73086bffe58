/**
 * GitHub App authentication as GitHub checks it: the App signs a JWT (RS256) with its private key to
 * ask for an installation token; every repository call then carries that token, and the token's
 * permissions decide what it may do ("Resource not accessible by integration" otherwise).
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { HttpError, DOCS, forbidden } from "./http.js";

export interface InstallationToken {
  token: string;
  installationId: number;
  permissions: Record<string, string>;
  expiresAt: number;
}

const LEVELS: Record<string, number> = { read: 1, write: 2, admin: 3 };

function unauthorized(message: string): HttpError {
  return new HttpError(401, { message, documentation_url: DOCS, status: "401" });
}

export class AppAuth {
  private readonly publicKey: KeyObject;
  private readonly tokens = new Map<string, InstallationToken>();

  constructor(
    readonly appId: number,
    publicKeyPem: string,
    private readonly now: () => number,
  ) {
    this.publicKey = createPublicKey(publicKeyPem);
  }

  /** Checks `Authorization: Bearer <jwt>` the way GitHub does for `/app` endpoints. */
  verifyAppJwt(authorization: string | undefined): void {
    const jwt = /^bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!jwt) throw unauthorized("A JSON web token could not be decoded");
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || signature === undefined) throw unauthorized("A JSON web token could not be decoded");
    const head = decodeJson(header);
    const claims = decodeJson(payload);
    if (!head || !claims || head.alg !== "RS256") throw unauthorized("A JSON web token could not be decoded");
    const signed = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), this.publicKey, Buffer.from(signature, "base64url"));
    if (!signed) throw unauthorized("A JSON web token could not be decoded");
    if (String(claims.iss) !== String(this.appId)) throw unauthorized(`'Issuer' claim ('iss') must be the App id ${this.appId}`);
    const nowSeconds = Math.floor(this.now() / 1000);
    if (typeof claims.iat !== "number" || claims.iat > nowSeconds + 60) {
      throw unauthorized("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
    }
    if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) throw unauthorized("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
    if (claims.exp - claims.iat > 600) throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
  }

  issueToken(installationId: number, permissions: Record<string, string>): InstallationToken {
    const token: InstallationToken = {
      token: `ghs_${randomBytes(18).toString("base64url")}`,
      installationId,
      permissions,
      expiresAt: this.now() + 60 * 60 * 1000,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** The installation behind `Authorization: token <t>` (or `Bearer <t>`); 401 like GitHub otherwise. */
  installationFor(authorization: string | undefined): InstallationToken {
    const value = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!value) throw unauthorized("Requires authentication");
    if (value.split(".").length === 3) throw unauthorized("A JSON web token cannot be used here: this endpoint needs an installation access token");
    const token = this.tokens.get(value);
    if (!token || token.expiresAt <= this.now()) throw unauthorized("Bad credentials");
    return token;
  }
}

/** 403 unless the token holds one of the permission levels (GitHub accepts any of several for some routes). */
export function requirePermission(permissions: Record<string, string>, anyOf: readonly (readonly [string, "read" | "write"])[]): void {
  const granted = anyOf.some(([scope, level]) => (LEVELS[permissions[scope] ?? ""] ?? 0) >= LEVELS[level]!);
  if (!granted) throw forbidden("Resource not accessible by integration");
}

/** Narrows requested permissions to granted ones; asking for more than granted is GitHub's 422. */
export function narrowPermissions(granted: Record<string, string>, requested: Record<string, string> | undefined): Record<string, string> {
  if (!requested) return { ...granted };
  for (const [scope, level] of Object.entries(requested)) {
    if ((LEVELS[granted[scope] ?? ""] ?? 0) < (LEVELS[level] ?? 99)) {
      throw new HttpError(422, { message: "The permissions requested are not granted to this installation.", documentation_url: DOCS, status: "422" });
    }
  }
  return { ...requested };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
