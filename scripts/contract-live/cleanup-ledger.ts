/** Something a write check created on the real server, and how to delete it again. */
export interface CreatedItem {
  /** What it is, for the report (`memory`, `goal`, …). */
  what: string;
  id: string;
  /** Deletes it; resolves true when it is gone. */
  remove(): Promise<boolean>;
}

/** Something that may have been created but cannot be deleted by the script (its id is unknown). */
export interface LostItem {
  what: string;
  reason: string;
}

/**
 * Keeps track of what the write checks created, so that everything is deleted
 * again, also when a check fails or the run is interrupted; whatever could not
 * be deleted is reported as left behind.
 */
export class CleanupLedger {
  private readonly open = new Set<CreatedItem>();
  private readonly failed: CreatedItem[] = [];
  private readonly lost: LostItem[] = [];

  /** Registers a created item; returns it for a later {@link remove}. */
  add(what: string, id: string, remove: () => Promise<boolean>): CreatedItem {
    const item = { what, id, remove };
    this.open.add(item);
    return item;
  }

  /** Records something that may exist now but cannot be deleted by the script. */
  markLost(what: string, reason: string): void {
    this.lost.push({ what, reason });
  }

  /** Deletes one item now (at most once). */
  async remove(item: CreatedItem): Promise<void> {
    if (!this.open.delete(item)) return;
    let gone = false;
    try {
      gone = await item.remove();
    } catch {
      gone = false;
    }
    if (!gone) this.failed.push(item);
  }

  /** Deletes everything still open (newest first). */
  async removeAll(): Promise<void> {
    for (const item of [...this.open].reverse()) await this.remove(item);
  }

  /** What is (or may be) left on the server. */
  leftovers(): Array<{ what: string; id: string | undefined; reason: string }> {
    return [
      ...[...this.open].map((i) => ({ what: i.what, id: i.id, reason: "not deleted yet" })),
      ...this.failed.map((i) => ({ what: i.what, id: i.id, reason: "the delete did not succeed" })),
      ...this.lost.map((l) => ({ what: l.what, id: undefined, reason: l.reason })),
    ];
  }
}
