/**
 * What a user writes, as the hover test reads it: test/types/hovers.test.ts asks
 * the TypeScript language service for the quick info of each `const` below and
 * expects the schema's name, not the object it stands for. Type-checked only, never run.
 */
import { createOmiClient } from "omi-developer-api";

const omi = createOmiClient({ apiKey: "omi_dev_example" });

export async function hovers(): Promise<unknown[]> {
  const convs = await omi.conversations.list();
  const conv = await omi.conversations.get("conversation-id");
  const started = await omi.conversations.create({ text: "We met at noon." });
  const memory = await omi.memories.create({ content: "Likes tea." });
  const memories = await omi.memories.createMany([{ content: "Likes tea." }]);
  const items = await omi.actionItems.createMany([{ description: "Call Ana." }]);
  const { data: keys } = await omi.keys.list().withResponse();
  for await (const memoryItem of omi.memories.listAll()) void memoryItem;
  for await (const summary of omi.dailySummaries.listAll()) void summary;
  for await (const page of omi.conversations.pages()) void page;
  return [convs, conv, started, memory, memories, items, keys];
}
