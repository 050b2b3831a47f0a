const KEY_PATTERN = /omi_(?:dev|mcp)_[A-Za-z0-9_\-+/=]*/g;

/**
 * Masks anything that looks like an Omi key (`omi_dev_…`, `omi_mcp_…`) and the
 * given secrets in a message, as the official client does: the first 6 and the
 * last 4 characters stay, the rest becomes `…`. A last line of defence for text
 * written to the terminal; the client's own errors are already redacted.
 */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join(mask(secret));
  }
  return out.replace(KEY_PATTERN, (key) => (key.length > 10 && !key.includes("…") ? mask(key) : key));
}

function mask(secret: string): string {
  return secret.length <= 10 ? "…" : `${secret.slice(0, 6)}…${secret.slice(-4)}`;
}
