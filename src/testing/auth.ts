import type { RuntimeOperation } from "../core/operation-spec.js";
import { fail, type FakeAnswer } from "./answers.js";
import { READ_SCOPES, type FakeApiKey, type FakeState } from "./state.js";

// Who is calling, and whether they may: the server's auth dependencies in the order they run
// (the header, the key's family, the key itself, the account fence, the scope). Rate budgets
// come after these (budgets.ts).

const MISSING_HEADER = "Missing or invalid Authorization header. Must be 'Bearer API_KEY'";
/** The fake's own wording of the server's refusal of an MCP key (the real sentence is longer). */
const MCP_KEY =
  "This is an MCP API key (omi_mcp_…): it only works on the /v1/mcp/ endpoints. Use a developer API key (omi_dev_…) for /v1/dev/.";

/**
 * The scope each rate-limit group's operations need (the spec says it in words in each
 * operation's description): an `ask` reads conversations, memory batches write memories,
 * and `getCallingApiKey` (`keys:read`) needs none.
 */
const SCOPE_OF_GROUP: Readonly<Record<string, string | undefined>> = {
  "conversations:read": "conversations:read",
  "conversations:write": "conversations:write",
  ask: "conversations:read",
  "memories:read": "memories:read",
  "memories:write": "memories:write",
  "memories:batch": "memories:write",
  "action_items:read": "action_items:read",
  "action_items:write": "action_items:write",
  "goals:read": "goals:read",
  "goals:write": "goals:write",
  "keys:read": undefined,
};

/** The scope an operation needs, or `undefined` (key management, `getCallingApiKey`). */
export function scopeOf(op: RuntimeOperation): string | undefined {
  const group = op.rateLimitGroups[0];
  return group === undefined ? undefined : SCOPE_OF_GROUP[group];
}

/** The scopes a key acts with: its own, or the four `:read` scopes for a key stored without any. */
export function effectiveScopes(key: FakeApiKey): string[] {
  return key.scopes ?? [...READ_SCOPES];
}

/** The bearer token of an `Authorization` header, or `undefined` when it is not exactly `Bearer <token>`. */
function bearer(header: string | null): string | undefined {
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
}

/** The calling developer key, or the 401 the server answers. */
export function authenticateKey(state: FakeState, header: string | null): FakeApiKey | FakeAnswer {
  const token = bearer(header);
  if (token === undefined) return fail(401, MISSING_HEADER);
  if (token.startsWith("omi_mcp_")) return fail(401, MCP_KEY);
  const key = token.startsWith("omi_dev_") ? state.apiKeys.find((k) => k.key === token) : undefined;
  return key ?? fail(401, "Invalid API Key");
}

/** `undefined` when the Firebase ID token is one the account accepts, else the 401 the server answers. */
export function authenticateFirebase(state: FakeState, header: string | null): FakeAnswer | undefined {
  const token = bearer(header);
  if (token === undefined || token === "") return fail(401, "Not authenticated");
  return state.firebaseTokens.includes(token) ? undefined : fail(401, "Invalid authentication credentials");
}

/** The account fence's refusal, or `undefined` for an open account. */
export function fenceAnswer(state: FakeState): FakeAnswer | undefined {
  switch (state.switches.fence) {
    case "deleting":
      return fail(403, { code: "account_deletion_in_progress", retryable: false });
    case "upgrade":
      return fail(426, {
        code: "force_upgrade_required",
        client_action: "force_upgrade",
        state: "legacy",
        account_generation: 0,
        retryable: false,
      });
    case "unavailable":
      return fail(503, { code: "account_cutover_state_unavailable", retryable: true });
    default:
      return undefined;
  }
}

/** The 403 for a key without the scope, with the server's exact sentence, or `undefined`. */
export function scopeAnswer(key: FakeApiKey, scope: string | undefined): FakeAnswer | undefined {
  if (scope === undefined || effectiveScopes(key).includes(scope)) return undefined;
  return fail(403, `Insufficient permissions. Required scope: ${scope}`);
}

/** The memory read gate's 403 (an object with `enabled: false`), when memory reads are closed. */
export function memoryReadGate(state: FakeState, key: FakeApiKey): FakeAnswer | undefined {
  if (state.switches.memoryReads) return undefined;
  return fail(403, {
    enabled: false,
    reason: "developer_api_memory_access_disabled",
    consumer: "developer_api",
    archive_default_visible: false,
    archive_capability: false,
    app_id: "developer_api",
    key_id: key.id,
  });
}

/** The memory write gate's 403 (an object without `enabled`), when memory writes are closed. */
export function memoryWriteGate(state: FakeState, key: FakeApiKey, operation: string): FakeAnswer | undefined {
  if (state.switches.memoryWrites) return undefined;
  return fail(403, {
    consumer: "developer_api",
    surface: "default_memory",
    operation,
    required_scope: "memories:write",
    reason: "app_key_default_memory_write_grant_missing",
    app_id: "developer_api",
    key_id: key.id,
    authenticated_scopes: effectiveScopes(key),
    grant_path: "app_key_default_memory_grant",
  });
}
