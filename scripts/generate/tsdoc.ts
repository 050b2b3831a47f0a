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
