import { fail, json } from "../answers.js";
import type { OperationHandler } from "../handler.js";
import { clampedLimit, offsetOf } from "../listing.js";

// Daily summaries: a `{summaries}` envelope, newest day first, `limit` 1–100 and `offset` ≥ 0
// refused with 422 outside (by the request model, before the `pageCaps` quirk cuts it),
// plain-date filters; days of the same date stay in the state's order.

export const dailySummaryHandlers = {
  listDailySummaries: {
    run(ctx) {
      const limit = clampedLimit(ctx, "listDailySummaries", 30, 100);
      const offset = offsetOf(ctx);
      const from = ctx.quirks.ignoreDateFilters ? undefined : (ctx.query.start_date as string | undefined);
      const to = ctx.quirks.ignoreDateFilters ? undefined : (ctx.query.end_date as string | undefined);
      const days = ctx.state.dailySummaries
        .filter((s) => (!from || (s.date ?? "") >= from) && (!to || (s.date ?? "") <= to))
        .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
      return json(200, { summaries: days.slice(offset, offset + limit) });
    },
  },

  getDailySummary: {
    run(ctx) {
      const summary = ctx.state.dailySummaries.find((s) => s.id === ctx.request.pathParams.summary_id);
      return summary ? json(200, summary) : fail(404, "Daily summary not found");
    },
  },
} satisfies Record<string, OperationHandler>;
