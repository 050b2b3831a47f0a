/**
 * Quick start: list conversations, hide one, delete one, and see the typed 404
 * when deleting it again. Runs against the real API with OMI_API_KEY set, or
 * against a fake account (omi-developer-api/testing) with `npm run demo`.
 */
import { createOmiClient, NotFoundError } from "omi-developer-api";

async function main(): Promise<void> {
  // Reads OMI_API_KEY (and OMI_API_BASE, default https://api.omi.me) from the environment.
  const omi = createOmiClient();

  const conversations = await omi.conversations.list({ limit: 5 });
  console.log(`1. Listed ${conversations.length} conversations:`);
  for (const c of conversations) console.log(`   - ${c.id}  ${c.structured.emoji ?? ""} ${c.structured.title}`);

  const [first, second] = conversations;
  if (!first || !second) throw new Error("The quick start needs at least two conversations");

  const hidden = await omi.conversations.update(first.id, { discarded: true });
  console.log(`2. Hid ${hidden.id} ("${first.structured.title}") with PATCH { discarded: true } (reversible).`);

  const deleted = await omi.conversations.delete(second.id);
  console.log(`3. Deleted ${second.id} for good: ${JSON.stringify(deleted)}`);

  try {
    await omi.conversations.delete(second.id);
    console.log("4. Unexpected: the second delete succeeded");
    process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    console.log(`4. Deleting it again throws ${error.name} (status ${error.status}, detail ${JSON.stringify(error.detail)})`);
  }
}

main().catch((error: unknown) => {
  console.error("Quick start failed:", error);
  process.exit(1);
});
