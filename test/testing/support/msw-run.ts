/**
 * Run by fake-client.test.ts in a child process (`tsx`, as ES modules): msw 2's Node entry
 * loads ES-only modules that jest's CommonJS runtime cannot require. Lists action items
 * through a client whose requests MSW hands to the fake, and prints what it saw as JSON.
 */
import { setupServer } from "msw/node";
import { createOmiClient } from "../../../src/index.js";
import { createOmiFake } from "../../../src/testing/index.js";

async function main(): Promise<void> {
  const fake = createOmiFake({ generate: { seed: 4, actionItems: 2 } });
  const server = setupServer(...(await fake.mswHandlers()));
  server.listen({ onUnhandledRequest: "error" });
  try {
    const omi = createOmiClient({ apiKey: fake.apiKey, logLevel: "off" });
    const listed = await omi.actionItems.list();
    fake.inject({ operationId: "listGoals", drop: "before" });
    const dropped = await fetch("https://api.omi.me/v1/dev/user/goals", {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    }).then(
      () => "answered",
      (error: unknown) => (error instanceof TypeError ? "network error" : String(error)),
    );
    process.stdout.write(JSON.stringify({ listed: listed.length, requests: fake.requests.map((r) => r.operationId), dropped }));
  } finally {
    server.close();
  }
}

void main();
