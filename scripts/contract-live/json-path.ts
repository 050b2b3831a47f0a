/** JSON paths for the report: `$[0].created_at`, `$.structured["odd key"]`. */

/** The value at `tokens` inside `root`, and whether it is there at all. */
export function valueAt(root: unknown, tokens: readonly string[]): { found: boolean; value: unknown } {
  let node: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(node) && /^\d+$/.test(token) && Number(token) < node.length) node = node[Number(token)];
    else if (node && typeof node === "object" && !Array.isArray(node) && Object.hasOwn(node, token))
      node = (node as Record<string, unknown>)[token];
    else return { found: false, value: undefined };
  }
  return { found: true, value: node };
}

/** `tokens` as a JSON path from `$`, using `[n]` where the value at that level is an array. */
export function formatJsonPath(root: unknown, tokens: readonly string[]): string {
  let out = "$";
  let node: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(node) && /^\d+$/.test(token)) {
      out += `[${token}]`;
      node = node[Number(token)];
    } else {
      out += /^[A-Za-z_$][\w$]*$/.test(token) ? `.${token}` : `[${JSON.stringify(token)}]`;
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[token] : undefined;
    }
  }
  return out;
}
