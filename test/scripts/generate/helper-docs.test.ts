/**
 * The hovers of the generated helpers against the operation's `x-omi-*` facts: a
 * helper's TSDoc must not promise a retry the client does not make, nor warn of an
 * uncertain outcome the operation cannot have. The facts come from the operation
 * table; the text from generated/helpers.ts (and the schema descriptions of
 * generated/openapi.ts), as an editor shows them.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { operationTable } from "../../../generated/operations.js";
import type { OperationSpec } from "../../../src/core/operation-spec.js";
import { batchHelperName } from "../../../src/internal/helper-names.js";

const ROOT = resolve(__dirname, "../../..");

/** The TSDoc text of every member of every `…Helpers` interface: group → helper → text (without the ` * `). */
function helperDocs(source: string): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  for (const block of source.matchAll(/^export interface (\w+)Helpers \{\n([\s\S]*?)^\}/gm)) {
    const name = block[1] as string;
    const members = new Map<string, string>();
    for (const member of (block[2] as string).matchAll(/\/\*\*([\s\S]*?)\*\/\n\s+(\w+)\(/g)) {
      const text = (member[1] as string)
        .split("\n")
        .map((line) => line.replace(/^\s*\*\s?/, ""))
        .join("\n");
      members.set(member[2] as string, text);
    }
    groups.set(name.charAt(0).toLowerCase() + name.slice(1), members);
  }
  return groups;
}

/** Whether resending the call cannot apply it twice: the client's replay rule (createCallContext in src/internal/call-context.ts). */
function replaySafe(op: OperationSpec): boolean {
  return op.method === "get" || op.idempotent === true || op.idempotencyKey !== undefined;
}

/**
 * What the hover of a helper says that the operation's facts contradict; empty
 * when it agrees. `kind` is which of the operation's helpers `text` documents.
 */
function contradictions(op: OperationSpec, kind: "call" | "batch" | "poll", text: string): string[] {
  const found: string[] = [];
  const flat = text.replace(/\s+/g, " ");
  const say = (wrong: boolean, what: string) => {
    if (wrong) found.push(`${op.operationId} (${kind}): ${what}`);
  };
  const safe = replaySafe(op);
  if (kind === "call" && op.method !== "get") {
    say(safe && !/Safe to send again/.test(flat), "a write safe to resend that does not say so");
    say(
      safe && /not safe to send again|not retried|`outcomeUnknown: true`/.test(flat),
      "a write safe to resend said to be unsafe",
    );
    say(!safe && !/not safe to send again/.test(flat), "a write not safe to resend that does not say so");
    say(!safe && /Safe to send again \(|the client retries it/.test(flat), "a write not safe to resend said to be retried");
  }
  if (kind === "batch") {
    say(safe && /never sent twice/.test(flat), "chunks of a write safe to resend said never to be resent");
    say(
      safe && /uncertainInputs|outcome is unknown|`outcomeUnknown` is `true`/.test(flat),
      "uncertain inputs for a write safe to resend",
    );
    say(
      safe && !/`outcomeUnknown` is `false`/.test(flat),
      "a batch safe to resend that does not say its outcome is never unknown",
    );
    say(!safe && !/never sent twice/.test(flat), "a batch not safe to resend that does not say a chunk is sent once");
    say(!safe && !/uncertainInputs/.test(flat), "a batch not safe to resend that does not name `uncertainInputs`");
  }
  // The words of the spec's description, carried into the hover.
  say(op.idempotent === true && /\bnot idempotent\b/i.test(flat), "idempotent (`x-omi-idempotent`) but said not to be");
  say(!safe && /(?<!\bnot )\bidempotent\b/i.test(flat), "not idempotent but said to be");
  if (op.idempotencyKey !== undefined) {
    say(!flat.includes(`\`${op.idempotencyKey}\``), `idempotent by \`${op.idempotencyKey}\` without naming it`);
  }
  return found;
}

/** Texts that tell a reader to poll an operation that has no `x-omi-poll` (whose answer has nothing to wait on). */
function pollsOfOperationsWithout(text: string): string[] {
  const table: Record<string, OperationSpec> = operationTable;
  return [...text.matchAll(/\bpoll(?:ing)? `(\w+)`/g)]
    .map((m) => m[1] as string)
    .filter((id) => table[id] !== undefined && table[id].poll === undefined);
}

describe("generated helper docs agree with the operation's facts", () => {
  const helpersSource = readFileSync(join(ROOT, "generated/helpers.ts"), "utf8");
  const docs = helperDocs(helpersSource);
  const ops: OperationSpec[] = Object.values(operationTable);

  it("finds the hover of every helper of every operation", () => {
    for (const op of ops) {
      const group = docs.get(op.group);
      expect({ op: op.operationId, helper: group?.has(op.helper) }).toEqual({ op: op.operationId, helper: true });
      if (op.batch) expect(group?.has(batchHelperName(op.helper))).toBe(true);
      if (op.poll) expect(group?.has(op.poll.helper)).toBe(true);
    }
    expect(ops.filter((op) => op.batch).length).toBeGreaterThanOrEqual(2);
  });

  it("every helper's hover says what the operation's idempotency and retries are", () => {
    const found = ops.flatMap((op) => {
      const group = docs.get(op.group) as Map<string, string>;
      return [
        ...contradictions(op, "call", group.get(op.helper) ?? ""),
        ...(op.batch ? contradictions(op, "batch", group.get(batchHelperName(op.helper)) ?? "") : []),
        ...(op.poll ? contradictions(op, "poll", group.get(op.poll.helper) ?? "") : []),
      ];
    });
    expect(found).toEqual([]);
  });

  it("no hover or schema description says to poll an operation that has nothing to wait on", () => {
    const openapi = readFileSync(join(ROOT, "generated/openapi.ts"), "utf8");
    expect(pollsOfOperationsWithout(helpersSource)).toEqual([]);
    expect(pollsOfOperationsWithout(openapi)).toEqual([]);
  });

  describe("the check itself", () => {
    const memoriesBatch = operationTable.createMemoriesBatch;
    const actionItemsBatch = operationTable.createActionItemsBatch;
    // The batch hover as it was once written for every batch, whatever its facts.
    const unsafeBatchText =
      "When a chunk fails, throws {@link OmiBatchError} listing the inputs created, the inputs surely not created\n" +
      "(resume with `notCreatedInputs`) and the inputs whose outcome is unknown. A chunk is never sent twice.\n" +
      "@throws {@link OmiBatchError} When a chunk fails: `outcomeUnknown` is `true` when some inputs may or may not have been created (`uncertainInputs`).";

    it("refuses the unsafe-batch hover on a batch the server makes idempotent, and accepts it on one it does not", () => {
      expect(memoriesBatch.idempotent).toBe(true);
      expect(contradictions(memoriesBatch, "batch", unsafeBatchText)).toEqual(
        expect.arrayContaining([expect.stringMatching(/never to be resent/), expect.stringMatching(/uncertain inputs/)]),
      );
      expect(contradictions(actionItemsBatch, "batch", unsafeBatchText)).toEqual([]);
    });

    it("refuses a write said to be retried when it is not, and the other way round", () => {
      const retried =
        "Safe to send again (the server makes it idempotent): the client retries it, and its errors have `outcomeUnknown: false`.";
      const notRetried = "A write not safe to send again: it is not retried and the error has `outcomeUnknown: true`.";
      expect(contradictions(operationTable.createActionItem, "call", retried).length).toBeGreaterThan(0);
      expect(contradictions(operationTable.createActionItem, "call", notRetried)).toEqual([]);
      expect(contradictions(operationTable.createMemory, "call", notRetried).length).toBeGreaterThan(0);
      expect(contradictions(operationTable.createMemory, "call", `${retried} Not idempotent.`)).toEqual([
        "createMemory (call): idempotent (`x-omi-idempotent`) but said not to be",
      ]);
    });

    it("refuses a text that says to poll a read without a status", () => {
      expect(pollsOfOperationsWithout("(poll `getConversation`)")).toEqual(["getConversation"]);
      expect(pollsOfOperationsWithout("poll `createConversationFromSegments`")).toEqual([]);
    });
  });
});
