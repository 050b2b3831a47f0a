/** Renders lines as a TSDoc block indented by `indent`; `*\/` in the text cannot end the comment. */
export function tsdoc(lines: string[], indent: string): string {
  const body = lines
    .join("\n")
    .replace(/\*\//g, "*\\/")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
    .split("\n")
    .map((line) => (line ? `${indent} * ${line}` : `${indent} *`));
  return [`${indent}/**`, ...body, `${indent} */`].join("\n");
}

/** Turns a JavaScript value into TypeScript source (JSON is valid TypeScript for literals). */
export function literal(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Turns a JSON-like value into TypeScript source as a person would write it:
 * property names unquoted where they are identifiers, spaces after colons and
 * commas, all on one line (`{ maxLimit: 200, itemsField: "summaries" }`).
 */
export function plainLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(plainLiteral).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (!entries.length) return "{}";
    const name = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));
    return `{ ${entries.map(([key, item]) => `${name(key)}: ${plainLiteral(item)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}
