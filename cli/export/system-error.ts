/** The `code` of a Node system error (`ENOENT`, `EACCES`, …), if the value is one (checked by shape, not by class). */
export function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}
