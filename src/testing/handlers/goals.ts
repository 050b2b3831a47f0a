import type { CreateGoalRequest, Goal, GoalMetric, UpdateGoalRequest } from "../../../generated/schemas.js";
import { fail, json, valueError, type FakeAnswer } from "../answers.js";
import type { HandlerContext, OperationHandler } from "../handler.js";
import { clampedLimit, newestFirst } from "../listing.js";
import { storedTime, type FakeGoal } from "../state.js";

// Goals: soft deletes (a deleted goal is kept as `abandoned`, inactive, and deleting it again
// answers 200), `paused` counting as active, progress with a history of one value per day.

const NOT_FOUND = "Goal not found";
const ACTIVE = new Set(["background", "focused", "paused"]);

function view(goal: FakeGoal): Goal {
  const { history: _history, ...rest } = goal;
  return rest;
}

function find(ctx: HandlerContext): FakeGoal | undefined {
  const id = ctx.request.pathParams.goal_id;
  return ctx.state.goals.find((g) => g.id === id);
}

function metricOf(goal: FakeGoal): GoalMetric | null {
  if (goal.metric === null && goal.unit == null && goal.goal_type === "boolean") return null;
  return {
    type: (["boolean", "scale", "numeric"].includes(goal.goal_type) ? goal.goal_type : "numeric") as GoalMetric["type"],
    current: goal.current_value,
    target: goal.target_value,
    min: goal.min_value,
    max: goal.max_value,
    unit: goal.unit ?? null,
  };
}

/** The server stores these without checking them and then fails: the fake answers its 500. */
function failsInStorage(body: unknown): FakeAnswer | undefined {
  const b = (body ?? {}) as { unit?: unknown; min_value?: unknown; max_value?: unknown };
  if (typeof b.unit === "string" && [...b.unit].length > 64) return fail(500, "Failed to save the goal. Please try again.");
  if (typeof b.min_value === "number" && typeof b.max_value === "number" && b.min_value > b.max_value) {
    return fail(500, "Failed to save the goal. Please try again.");
  }
  return undefined;
}

function record(ctx: HandlerContext, goal: FakeGoal, value: number): void {
  const recorded = ctx.nowIso();
  const date = recorded.slice(0, 10);
  const history = (goal.history ??= []);
  const last = history[history.length - 1];
  if (last?.date === date) history[history.length - 1] = { date, value, recorded_at: recorded };
  else history.push({ date, value, recorded_at: recorded });
}

export const goalHandlers = {
  listGoals: {
    run(ctx) {
      const limit = clampedLimit(ctx, "listGoals", 10, 1000);
      const all = ctx.query.include_inactive === true;
      const goals = ctx.state.goals.filter((g) => all || ACTIVE.has(g.status)).sort(newestFirst);
      return json(200, goals.slice(0, limit).map(view));
    },
  },

  createGoal: {
    before: (ctx) => failsInStorage(ctx.body),
    run(ctx) {
      const body = ctx.body as CreateGoalRequest;
      if (body.title.trim() === "") return fail(422, "title cannot be empty");
      const now = ctx.nowIso();
      const id = ctx.newId();
      const measured = body.goal_type != null || body.target_value != null || body.unit != null;
      const goal: FakeGoal = {
        id,
        goal_id: id,
        title: body.title.trim(),
        desired_outcome: body.desired_outcome || body.title.trim(),
        why_it_matters: body.why_it_matters ?? null,
        success_criteria: body.success_criteria ?? [],
        status: "background",
        source: "user",
        goal_type: body.goal_type ?? (measured ? "numeric" : "boolean"),
        target_value: body.target_value ?? 1,
        current_value: body.current_value ?? 0,
        min_value: body.min_value ?? 0,
        max_value: body.max_value ?? body.target_value ?? 1,
        unit: body.unit ?? null,
        metric: null,
        is_active: true,
        focus_rank: null,
        horizon_at: body.horizon_at ? storedTime(body.horizon_at) : null,
        created_at: now,
        updated_at: now,
        history: [],
      };
      if (measured) goal.metric = metricOf(goal);
      ctx.state.goals.push(goal);
      return json(200, view(goal));
    },
  },

  getGoal: {
    run(ctx) {
      const goal = find(ctx);
      return goal ? json(200, view(goal)) : fail(404, NOT_FOUND);
    },
  },

  updateGoal: {
    before: (ctx) => failsInStorage({ ...(find(ctx) ?? {}), ...(ctx.body as object) }),
    run(ctx) {
      const body = ctx.body as UpdateGoalRequest;
      // The request model's validators: these texts must not be blank.
      for (const field of ["title", "desired_outcome"] as const) {
        const text = body[field];
        if (typeof text === "string" && text.trim() === "")
          return valueError(["body", field], "required goal text cannot be null or blank");
      }
      if (Object.keys(body).length === 0) return fail(422, "At least one field must be provided");
      const goal = find(ctx);
      if (!goal) return fail(404, NOT_FOUND);
      const { current_value: current, horizon_at: horizon, title, desired_outcome: outcome, ...changes } = body;
      Object.assign(goal, changes);
      if (title !== undefined) goal.title = title.trim();
      if (outcome !== undefined) goal.desired_outcome = outcome.trim();
      if (horizon !== undefined) goal.horizon_at = horizon ? storedTime(horizon) : null;
      // A scale end stored as null is answered as the server's defaults for a missing one.
      if (body.min_value === null) goal.min_value = 0;
      if (body.max_value === null) goal.max_value = 10;
      if (current !== undefined) {
        goal.current_value = current;
        record(ctx, goal, current);
      }
      if (goal.metric) goal.metric = metricOf(goal);
      goal.updated_at = ctx.nowIso();
      return json(200, view(goal));
    },
  },

  deleteGoal: {
    run(ctx) {
      const goal = find(ctx);
      if (!goal) return fail(404, NOT_FOUND);
      goal.status = "abandoned";
      goal.is_active = false;
      goal.focus_rank = null;
      goal.updated_at = ctx.nowIso();
      return json(200, { success: true });
    },
  },

  listGoalHistory: {
    run(ctx) {
      const days = typeof ctx.query.days === "number" ? ctx.query.days : 30;
      const goal = find(ctx);
      return json(200, [...(goal?.history ?? [])].reverse().slice(0, days));
    },
  },

  updateGoalProgress: {
    run(ctx) {
      const goal = find(ctx);
      if (!goal) return fail(404, NOT_FOUND);
      goal.current_value = ctx.query.current_value as number;
      if (goal.metric) goal.metric = metricOf(goal);
      record(ctx, goal, goal.current_value);
      goal.updated_at = ctx.nowIso();
      return json(200, view(goal));
    },
  },
} satisfies Record<string, OperationHandler>;
