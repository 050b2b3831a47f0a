import type { ApiKey, CreateApiKeyRequest } from "../../../generated/schemas.js";
import { fail, json } from "../answers.js";
import { effectiveScopes } from "../auth.js";
import type { HandlerContext, OperationHandler } from "../handler.js";
import { ALL_SCOPES, READ_SCOPES, type FakeApiKey } from "../state.js";

// Developer keys: the calling key's own description, and the Firebase-authenticated key
// management (list, create, revoke: 204 for any id).

function view(key: FakeApiKey): ApiKey {
  return {
    id: key.id,
    name: key.name,
    key_prefix: key.key.slice(0, 12),
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    scopes: key.scopes,
  };
}

/** A new secret, deterministic for a given seed. */
function newSecret(ctx: HandlerContext): string {
  return `omi_dev_${ctx.newId().replace(/-/g, "")}`;
}

export const keyHandlers = {
  getCallingApiKey: {
    run(ctx) {
      const key = ctx.key as FakeApiKey;
      return json(200, { ...view(key), scopes: effectiveScopes(key) });
    },
  },

  listApiKeys: {
    run: (ctx) => json(200, ctx.state.apiKeys.map(view)),
  },

  createApiKey: {
    run(ctx) {
      const body = ctx.body as CreateApiKeyRequest;
      const name = body.name.trim();
      if (name === "") return fail(422, "Key name cannot be empty");
      if (/omi_(dev|mcp)_/.test(name)) return fail(422, "Key name must not contain an API key");
      const scopes = body.scopes ?? [...READ_SCOPES];
      if (scopes.some((s) => !ALL_SCOPES.includes(s))) {
        return fail(400, `Invalid scopes. Available: [${ALL_SCOPES.map((s) => `'${s}'`).join(", ")}]`);
      }
      const key: FakeApiKey = {
        id: ctx.newId(),
        name,
        key: newSecret(ctx),
        created_at: ctx.nowIso(),
        last_used_at: null,
        scopes: [...new Set(scopes)],
      };
      ctx.state.apiKeys.push(key);
      return json(200, { ...view(key), key: key.key });
    },
  },

  revokeApiKey: {
    run(ctx) {
      if (!ctx.state.switches.revocation) return fail(503, "API key revocation temporarily unavailable");
      const at = ctx.state.apiKeys.findIndex((k) => k.id === ctx.request.pathParams.key_id);
      if (at >= 0) ctx.state.apiKeys.splice(at, 1);
      return { status: 204 };
    },
  },
} satisfies Record<string, OperationHandler>;
