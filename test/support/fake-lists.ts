/**
 * What a fake account (`omi-developer-api/testing`) lists for each resource `omi-export`
 * exports, read straight from the fake with one plain request per page of the server's
 * largest size over the whole stored list (no pager involved), so that tests compare an
 * export with what the server answers. The requests made here are taken back off
 * `fake.requests`, so that tests counting requests see only the export's.
 */
import type { OmiFake } from "../../src/testing/index.js";
import type { ResourceName } from "../../cli/export/resources.js";

/** An item as the server lists it. */
export type ListedItem = { id: string; [field: string]: unknown };

const LISTINGS: Record<ResourceName, { path: string; size: number; query?: string }> = {
  conversations: { path: "/v1/dev/user/conversations", size: 200 },
  memories: { path: "/v1/dev/user/memories", size: 1000 },
  "action-items": { path: "/v1/dev/user/action-items", size: 1000 },
  "daily-summaries": { path: "/v1/dev/user/daily-summaries", size: 100 },
  goals: { path: "/v1/dev/user/goals", size: 1000, query: "include_inactive=true" },
  folders: { path: "/v1/dev/user/folders", size: 0 },
};

/** How many items of a resource the fake stores (listed or not). */
function storedCount(fake: OmiFake, resource: ResourceName): number {
  const lists = {
    conversations: fake.state.conversations,
    memories: fake.state.memories,
    "action-items": fake.state.actionItems,
    "daily-summaries": fake.state.dailySummaries,
    goals: fake.state.goals,
    folders: fake.state.folders,
  };
  return lists[resource].length;
}

/**
 * Every item the fake lists for `resource`, in server order: pages of the largest size at
 * offsets 0, size, 2·size, … up to the stored count (locked rows dropped as the server drops
 * them), goals whole with the inactive ones, folders whole. Action items past the server's
 * 2,000 horizon are not reachable this way: compare those with `fake.state`.
 */
export async function listed(fake: OmiFake, resource: ResourceName): Promise<ListedItem[]> {
  const { path, size, query } = LISTINGS[resource];
  const before = fake.requests.length;
  const get = async (params: string): Promise<ListedItem[]> => {
    const response = await fake.fetch(`${fake.baseUrl}${path}?${params}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    if (!response.ok) throw new Error(`${path}?${params} answered ${response.status}`);
    const body = (await response.json()) as ListedItem[] | { summaries: ListedItem[] };
    return Array.isArray(body) ? body : body.summaries;
  };
  try {
    if (resource === "folders") return await get("");
    if (resource === "goals") return await get(`limit=${size}&${query ?? ""}`);
    const items: ListedItem[] = [];
    for (let offset = 0; offset < storedCount(fake, resource); offset += size)
      items.push(...(await get(`limit=${size}&offset=${offset}`)));
    return items;
  } finally {
    fake.requests.splice(before);
  }
}

/** The ids of {@link listed}. */
export async function listedIds(fake: OmiFake, resource: ResourceName): Promise<string[]> {
  return (await listed(fake, resource)).map((item) => item.id);
}

/** The fake's requests to one path (a listing's, e.g. `/v1/dev/user/conversations`). */
export function requestsTo(fake: OmiFake, path: string): OmiFake["requests"] {
  return fake.requests.filter((request) => request.path === path);
}

/**
 * A `--since` instant (ISO 8601, whole seconds) that keeps at least the `count` newest of
 * `items` (newest first, each with `created_at`) and leaves the others out: the whole
 * second of the `count`-th newest, or of a later one where the next item is over 2 s older.
 */
export function sinceKeeping(items: readonly ListedItem[], count: number): string {
  const ms = items.map((item) => Date.parse(String(item.created_at)));
  const cut = ms.findIndex((value, i) => i >= count - 1 && value - (ms[i + 1] ?? -Infinity) > 2000);
  if (cut < 0) throw new Error(`no gap of over 2 s after the ${count} newest items`);
  return new Date(Math.floor((ms[cut] as number) / 1000) * 1000).toISOString();
}
