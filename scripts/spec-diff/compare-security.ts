/**
 * Comparing the effective security requirements of one operation across documents. Schemes are
 * compared by what they are (`http bearer`, `apiKey header X-Key`, OAuth flows), not by their
 * component names. `bearerFormat` is documentation in OpenAPI, so a difference in it alone is not
 * breaking, but it is reported (it is often the only sign that a different token is expected).
 */
import type { RefResolver } from "./resolve-refs.js";
import { asArray, asObject, asString, canonicalJson, isJsonObject, type ChangeSink } from "./types.js";

/** One scheme of a requirement, described structurally. */
interface SchemeUse {
  /** Structural identity, e.g. `http bearer`. */
  identity: string;
  /** Component name in its document, for messages. */
  name: string;
  /** The `bearerFormat` hint, if any. */
  bearerFormat: string | undefined;
  /** Required scopes. */
  scopes: string[];
}

/** One alternative of an operation's `security` list (all its schemes are needed together). */
interface Alternative {
  /** Identities of its schemes, sorted and joined; `anonymous` for `{}`. */
  key: string;
  /** Its schemes by identity. */
  schemes: Map<string, SchemeUse>;
  /** `name (identity)` list, for messages. */
  label: string;
}

/** A structural description of a security scheme object. */
export function describeScheme(scheme: unknown): string {
  if (!isJsonObject(scheme)) return "unknown";
  const type = asString(scheme.type) ?? "unknown";
  switch (type) {
    case "http":
      return `http ${(asString(scheme.scheme) ?? "").toLowerCase()}`;
    case "apiKey": {
      const where = asString(scheme.in) ?? "";
      const name = asString(scheme.name) ?? "";
      return `apiKey ${where} ${where === "header" ? name.toLowerCase() : name}`;
    }
    case "openIdConnect":
      return `openIdConnect ${asString(scheme.openIdConnectUrl) ?? ""}`;
    case "oauth2": {
      const flows = asObject(scheme.flows);
      const summary: Record<string, unknown> = {};
      for (const [flow, value] of Object.entries(flows)) {
        const f = asObject(value);
        summary[flow] = { authorizationUrl: f.authorizationUrl, tokenUrl: f.tokenUrl };
      }
      return `oauth2 ${canonicalJson(summary)}`;
    }
    default:
      return type;
  }
}

function alternatives(requirements: unknown[], document: { resolver: RefResolver; schemes: unknown }): Alternative[] {
  const list = requirements.length === 0 ? [{}] : requirements;
  return list.map((requirement) => {
    const schemes = new Map<string, SchemeUse>();
    for (const [name, scopes] of Object.entries(asObject(requirement))) {
      const scheme = document.resolver.resolve(asObject(document.schemes)[name]).node;
      const identity = isJsonObject(scheme) ? describeScheme(scheme) : `undefined scheme ${name}`;
      schemes.set(identity, {
        identity,
        name,
        bearerFormat: isJsonObject(scheme) ? asString(scheme.bearerFormat) : undefined,
        scopes: asArray(scopes).filter((s): s is string => typeof s === "string"),
      });
    }
    const identities = [...schemes.keys()].sort();
    const key = identities.length === 0 ? "anonymous" : identities.join(" + ");
    const label =
      identities.length === 0
        ? "no authentication"
        : identities.map((id) => `${schemes.get(id)?.name ?? "?"} (${id})`).join(" + ");
    return { key, schemes, label };
  });
}

/** The two documents' security context: their resolvers and `components.securitySchemes`. */
export interface SecurityDocuments {
  /** Base document. */
  base: { resolver: RefResolver; schemes: unknown };
  /** Other document. */
  other: { resolver: RefResolver; schemes: unknown };
}

/**
 * Compares the effective security requirement lists of one operation (`[]` means no authentication).
 * Removing an alternative a client may use, or requiring more scopes, is breaking; adding an
 * alternative or dropping scopes is not.
 */
export function compareSecurity(
  oldRequirements: unknown[],
  newRequirements: unknown[],
  documents: SecurityDocuments,
  emit: ChangeSink,
): void {
  const before = alternatives(oldRequirements, documents.base);
  const after = alternatives(newRequirements, documents.other);
  const afterByKey = new Map(after.map((a) => [a.key, a]));
  const beforeKeys = new Set(before.map((a) => a.key));
  const anonymousAfter = afterByKey.has("anonymous");
  const location = "security";

  for (const alt of before) {
    const match = afterByKey.get(alt.key);
    if (!match) {
      const message =
        alt.key === "anonymous"
          ? "access without authentication removed (authentication now required)"
          : `security requirement removed: ${alt.label}`;
      emit({
        kind: "removed",
        severity: anonymousAfter ? "info" : "breaking",
        aspect: "security",
        location,
        message,
        before: alt.label,
      });
      continue;
    }
    for (const [identity, use] of alt.schemes) {
      const next = match.schemes.get(identity);
      if (!next) continue;
      const scheme = `${next.name} (${identity})`;
      const addedScopes = next.scopes.filter((s) => !use.scopes.includes(s));
      const removedScopes = use.scopes.filter((s) => !next.scopes.includes(s));
      if (addedScopes.length > 0) {
        const message = `${scheme} now requires scopes: ${addedScopes.join(", ")}`;
        emit({ kind: "added", severity: "breaking", aspect: "security", location, message, after: addedScopes });
      }
      if (removedScopes.length > 0) {
        const message = `${scheme} no longer requires scopes: ${removedScopes.join(", ")}`;
        emit({ kind: "removed", severity: "info", aspect: "security", location, message, before: removedScopes });
      }
      const [was, is] = [use.bearerFormat, next.bearerFormat];
      if (was !== is) {
        const message =
          was === undefined
            ? `bearer format of ${scheme} now stated: ${JSON.stringify(is)}`
            : is === undefined
              ? `bearer format of ${scheme} no longer stated (was ${JSON.stringify(was)})`
              : `bearer format of ${scheme} changed from ${JSON.stringify(was)} to ${JSON.stringify(is)}`;
        const severity = was !== undefined && is !== undefined ? "warning" : "info";
        emit({ kind: "changed", severity, aspect: "security", location, message, before: was, after: is });
      }
    }
  }
  for (const alt of after.filter((a) => !beforeKeys.has(a.key))) {
    const message = `security requirement added: ${alt.label}`;
    emit({ kind: "added", severity: "info", aspect: "security", location, message, after: alt.label });
  }
}
