/**
 * Every item of a `limit`/`offset` listing. Asks for `pageSize` items at a
 * time and moves `offset` on by `pageSize` (not by the number received: the
 * server drops locked items after cutting a page, so a short page is not the
 * end). Stops at an empty page, or at a page that brings no item not seen
 * before (what a server that ignores `offset`, like the static mock, returns).
 *
 * @param fetchPage - Fetches the page at an offset, e.g. `(offset) => omi.actionItems.list({ limit: 1000, offset })`.
 * @param pageSize - The `limit` `fetchPage` sends.
 * @returns The items in listing order, each id once.
 */
export async function allPages<Item extends { id: string }>(
  fetchPage: (offset: number) => Promise<Item[]>,
  pageSize: number,
): Promise<Item[]> {
  const seen = new Map<string, Item>();
  for (let offset = 0; ; offset += pageSize) {
    const page = await fetchPage(offset);
    const fresh = page.filter((item) => !seen.has(item.id));
    if (fresh.length === 0) return [...seen.values()];
    for (const item of fresh) seen.set(item.id, item);
  }
}
