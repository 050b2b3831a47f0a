import { camelCase, groupNameFromTag, helperNameFromOperationId } from "../../../scripts/generate/helper-naming.js";

describe("helper naming rule", () => {
  it.each([
    ["Conversations", "conversations"],
    ["Action Items", "actionItems"],
    ["API Keys", "apiKeys"],
  ])("group of tag %j is %j", (tag, group) => {
    expect(groupNameFromTag(tag)).toBe(group);
  });

  it.each([
    ["deleteConversation", "Conversations", "delete"],
    ["listConversations", "Conversations", "list"],
    ["createConversationFromSegments", "Conversations", "createFromSegments"],
    ["ask", "Conversations", "ask"],
    ["createMemoriesBatch", "Memories", "createBatch"],
    ["searchMemories", "Memories", "search"],
    ["createActionItemsBatch", "Action Items", "createBatch"],
    ["updateActionItem", "Action Items", "update"],
    ["listGoalHistory", "Goals", "listHistory"],
    ["updateGoalProgress", "Goals", "updateProgress"],
    ["revokeApiKey", "API Keys", "revoke"],
    ["listApiKeys", "API Keys", "list"],
  ])("%s in %j is %j", (operationId, tag, helper) => {
    expect(helperNameFromOperationId(operationId, tag)).toBe(helper);
  });

  it("keeps the whole operationId when the tag's noun is not in it (irregular plurals: set x-omi-helper)", () => {
    expect(helperNameFromOperationId("getPerson", "People")).toBe("getPerson");
  });

  it("turns snake_case parameter names into camelCase argument names", () => {
    expect(camelCase("conversation_id")).toBe("conversationId");
    expect(camelCase("key_id")).toBe("keyId");
  });
});
