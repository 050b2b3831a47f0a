import type {
  BatchActionItemsRequest,
  CreateActionItemRequest,
  UpdateActionItemRequest,
  ActionItem,
} from "../../../generated/schemas.js";
import { fail, json, valueError } from "../answers.js";
import type { HandlerContext, OperationHandler } from "../handler.js";
import { clampedLimit, cutThenDrop, dateWindow, inWindow, offsetOf, withQuirkOmissions } from "../listing.js";
import { storedTime, toMicros, type FakeActionItem } from "../state.js";

// Action items: the server's order (open first, then by due date with none last, then
// newest), `offset + limit` capped at 2,000, date windows to the microsecond, locked rows
// removed after the page is cut, `due_at: null` clearing the due date.

const NOT_FOUND = "Action item not found";
const LOCKED = "A paid plan is required to access this action item.";
/** No action item is reachable at or past this offset (`offset + limit` is capped at it). */
const HORIZON = 2_000;

function view(item: FakeActionItem): ActionItem {
  const { locked: _locked, ...rest } = item;
  return rest;
}

function dueOf(item: FakeActionItem): number {
  return item.due_at ? toMicros(item.due_at) : Infinity;
}

/** The server's order of action items. */
export function actionItemOrder(a: FakeActionItem, b: FakeActionItem): number {
  if (a.completed !== b.completed) return a.completed ? 1 : -1;
  const da = dueOf(a);
  const db = dueOf(b);
  if (da !== db) return da < db ? -1 : 1;
  const ca = a.created_at ? toMicros(a.created_at) : -Infinity;
  const cb = b.created_at ? toMicros(b.created_at) : -Infinity;
  return ca === cb ? 0 : cb > ca ? 1 : -1;
}

function find(ctx: HandlerContext): FakeActionItem | undefined {
  const id = ctx.request.pathParams.action_item_id;
  return ctx.state.actionItems.find((a) => a.id === id);
}

function createOne(ctx: HandlerContext, input: CreateActionItemRequest): FakeActionItem {
  const now = ctx.nowIso();
  const completed = input.completed ?? false;
  const item: FakeActionItem = {
    id: ctx.newId(),
    description: input.description.trim(),
    completed,
    created_at: now,
    updated_at: now,
    due_at: input.due_at ? storedTime(input.due_at) : null,
    completed_at: completed ? now : null,
    conversation_id: null,
  };
  ctx.state.actionItems.push(item);
  return item;
}

export const actionItemHandlers = {
  listActionItems: {
    run(ctx) {
      const limit = clampedLimit(ctx, "listActionItems", 100, 1000);
      const offset = offsetOf(ctx);
      const window = dateWindow(ctx);
      const rows = ctx.state.actionItems
        .filter(
          (a) =>
            inWindow(a.created_at, window) &&
            (ctx.query.conversation_id === undefined || a.conversation_id === ctx.query.conversation_id) &&
            (ctx.query.completed === undefined || a.completed === ctx.query.completed),
        )
        .sort(actionItemOrder);
      const page = cutThenDrop(rows, offset, Math.min(offset + limit, HORIZON), (a) => !a.locked).map(view);
      return json(200, withQuirkOmissions(ctx, page, offset));
    },
  },

  createActionItem: {
    run(ctx) {
      const body = ctx.body as CreateActionItemRequest;
      if (body.description.trim() === "") return fail(422, "description cannot be empty");
      return json(200, view(createOne(ctx, body)));
    },
  },

  createActionItemsBatch: {
    run(ctx) {
      // An empty list answers 200 with nothing created.
      const body = ctx.body as BatchActionItemsRequest;
      if (body.action_items.some((a) => a.description.trim() === ""))
        return fail(422, "All action items must have non-empty descriptions");
      const items = body.action_items.map((a) => view(createOne(ctx, a)));
      return json(200, { action_items: items, created_count: items.length });
    },
  },

  updateActionItem: {
    run(ctx) {
      // `null` description or completed leaves them as they are; `due_at: null` clears the due date.
      const body = ctx.body as UpdateActionItemRequest;
      // The request model's validator refuses a blank description; the rest comes after the lookup.
      if (typeof body.description === "string" && body.description.trim() === "")
        return valueError(["body", "description"], "description cannot be blank");
      const item = find(ctx);
      if (!item) return fail(404, NOT_FOUND);
      if (item.locked) return fail(402, LOCKED);
      if (body.description == null && body.completed == null && !("due_at" in body))
        return fail(422, "At least one field must be provided");
      const now = ctx.nowIso();
      if (typeof body.description === "string") item.description = body.description.trim();
      if (typeof body.completed === "boolean" && body.completed !== item.completed) {
        item.completed = body.completed;
        item.completed_at = body.completed ? now : null;
      }
      if ("due_at" in body) item.due_at = body.due_at ? storedTime(body.due_at) : null;
      item.updated_at = now;
      return json(200, view(item));
    },
  },

  deleteActionItem: {
    run(ctx) {
      const item = find(ctx);
      if (!item) return fail(404, NOT_FOUND);
      if (item.locked) return fail(402, LOCKED);
      ctx.state.actionItems.splice(ctx.state.actionItems.indexOf(item), 1);
      return json(200, { success: true });
    },
  },
} satisfies Record<string, OperationHandler>;
