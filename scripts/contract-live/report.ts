import type { CheckOutcome, CheckResult } from "./check-runner.js";

/** Everything a finished live run reports. */
export interface LiveReport {
  /** The server checked (without any credentials in the URL). */
  server: string;
  /** Where the Prism proxy listened. */
  prismUrl: string;
  specFile: string;
  writes: boolean;
  results: CheckResult[];
  leftovers: Array<{ what: string; id: string | undefined; reason: string }>;
  notes: string[];
  exitCode: number;
}

const MARK: Record<CheckOutcome, string> = {
  conforms: "✓",
  violates: "✗",
  "client-error": "✗",
  "no-answer": "!",
  "not-sent": "!",
  skipped: "-",
};

/**
 * The text report: one line per check (✓ conforms, ✗ violates, ! no answer,
 * - skipped), each violation with its field, what the spec expects and what was
 * sent, then what was left behind on the server, and a summary with the exit code.
 */
export function formatReport(report: LiveReport): string {
  const lines = [
    "contract:live — the real server against the spec",
    `  server   ${report.server}`,
    `  checked  through prism proxy ${report.specFile} --errors (${report.prismUrl}), which validates every exchange; contract:live itself only checks that a JSON body parses and that a response documented without content has none (Prism lets both through)`,
    `  mode     ${report.writes ? "reads and writes (--writes): own test data is created, changed and deleted again" : "reads only (GET operations); pass --writes to also check writes on test data of its own"}`,
    ...report.notes.map((n) => `  note     ${n}`),
    "",
  ];
  for (const r of report.results) {
    const name = r.label ? `${r.operationId} (${r.label})` : r.operationId;
    const status = r.status === undefined ? "" : ` → ${r.status}`;
    const skipped = r.outcome === "skipped" ? `: skipped (${r.note ?? "no reason given"})` : "";
    lines.push(`  ${MARK[r.outcome]} ${name}  ${r.method} ${r.target}${status}${skipped}`);
    for (const f of r.findings) {
      lines.push(`      ${f.field}  (${f.code}; reported by ${f.sources.join(" and ")})`);
      lines.push(`        expected: ${f.expected}`);
      lines.push(`        actual:   ${f.actual}`);
    }
    if (r.note && r.outcome !== "skipped") lines.push(`      ${r.note}`);
  }
  if (report.leftovers.length) {
    lines.push("", "LEFT BEHIND on the server (delete by hand):");
    for (const l of report.leftovers) lines.push(`  ${l.what} ${l.id ?? "(id unknown)"}: ${l.reason}`);
  }
  if (report.results.some((r) => r.status === 401)) {
    lines.push(
      "",
      "The server refused the credentials (401) at least once: the success responses of those operations were not checked.",
    );
  }
  const count = (o: CheckOutcome) => report.results.filter((r) => r.outcome === o).length;
  const violations = report.results.reduce((n, r) => n + r.findings.length, 0);
  lines.push(
    "",
    `Summary: ${report.results.length} checks: ${count("conforms")} conform, ${count("violates")} violate the spec (${violations} violation${violations === 1 ? "" : "s"}), ` +
      `${count("client-error")} client errors, ${count("no-answer") + count("not-sent")} without answer, ${count("skipped")} skipped; ` +
      `${report.leftovers.length} item${report.leftovers.length === 1 ? "" : "s"} left behind. Exit code ${report.exitCode}.`,
  );
  return `${lines.join("\n")}\n`;
}
