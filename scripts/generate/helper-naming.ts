/**
 * The naming rule of the client's helpers, in one place:
 *
 * - **group**: the operation's first tag, in lowerCamelCase (`Action Items` → `actionItems`),
 *   unless the tag sets `x-omi-group`.
 * - **helper**: the operationId without the tag's noun, plural or singular, in lowerCamelCase
 *   (`listConversations` → `list`, `createConversationFromSegments` → `createFromSegments`,
 *   `updateGoalProgress` → `updateProgress`), unless the operation sets `x-omi-helper`.
 */

/** lowerCamelCase of a tag name: `Action Items` → `actionItems`, `API Keys` → `apiKeys`. */
export function groupNameFromTag(tag: string): string {
  const pascal = pascalWords(tag);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** The helper name of an operation within its tag's group. */
export function helperNameFromOperationId(operationId: string, tag: string): string {
  const plural = pascalWords(tag);
  const singular = singularize(plural);
  for (const noun of [plural, singular]) {
    const at = operationId.indexOf(noun);
    if (at > 0) {
      const rest = operationId.slice(0, at) + operationId.slice(at + noun.length);
      return rest.charAt(0).toLowerCase() + rest.slice(1);
    }
  }
  return operationId.charAt(0).toLowerCase() + operationId.slice(1);
}

/** camelCase of a snake_case parameter name: `conversation_id` → `conversationId`. */
export function camelCase(name: string): string {
  return name.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

function pascalWords(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .join("");
}

function singularize(word: string): string {
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}
