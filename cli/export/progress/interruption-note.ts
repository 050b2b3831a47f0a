/** What an interrupted run tells the user (stderr). */
export const INTERRUPTED_NOTE =
  "Interrupted: every page received was written whole and checkpointed; run the same command again to resume.\n";
