/** One `--json` line of `omi-export`. */
export type JsonLine =
  | {
      type: "page";
      resource: string;
      page: number;
      pageItems: number;
      items: number;
      offset: number;
      nextOffset: number | null;
      bytes: number;
    }
  | {
      type: "summary";
      status: string;
      exitCode: number;
      items: number;
      resources: Record<string, { items: number; status: string }>;
    };

/** Parses the `--json` output of a run, line by line (throws on a line that is not JSON). */
export function parseJsonLines(stdout: string): JsonLine[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as JsonLine);
}
