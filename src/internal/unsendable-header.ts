/**
 * The name of the first header that `fetch` would refuse before sending
 * anything (a character beyond Latin-1, a line break, a NUL, a bad name), or
 * `undefined`. Checked up front: a refusal from `fetch` looks like a connection
 * that failed after sending, which would make a write's outcome look unknown.
 */
export function unsendableHeader(headers: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    try {
      new Headers([[name, value]]);
    } catch {
      return name;
    }
  }
  return undefined;
}

/** The message for a header {@link unsendableHeader} found. */
export function unsendableHeaderMessage(name: string): string {
  return `header ${JSON.stringify(name)} cannot be sent: its name or value has a character no HTTP header can carry (beyond Latin-1, a line break or a NUL)`;
}
