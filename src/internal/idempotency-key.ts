/** A fresh random id for an idempotent call (a UUID where the runtime has `crypto.randomUUID`). */
export function newIdempotencyKey(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid) return uuid;
  let out = "";
  for (let i = 0; i < 32; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}

/**
 * Returns the body with `field` set to a generated id when the caller left it
 * empty, so that every attempt of the call carries the same key.
 */
export function withIdempotencyKey(body: unknown, field: string): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const current = (body as Record<string, unknown>)[field];
  return current === undefined || current === null ? { ...body, [field]: newIdempotencyKey() } : body;
}
