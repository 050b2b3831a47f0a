/**
 * TypeDoc plugin for what openapi-typescript writes to generated/openapi.ts
 * (loaded by typedoc.json; `npm run docs`):
 *
 * - `hideReflections` (option): full names of reflections to leave out of the
 *   reference, with everything under them. Used for openapi-typescript's
 *   plumbing (`paths`, `operations`, `webhooks`, `$defs`, the non-schema parts of
 *   `components`), which users reach only through `OperationBody`,
 *   `OperationResult`, … and `Client<paths>`. A listed name that matches nothing
 *   is a warning, so the list cannot silently go stale.
 * - openapi-typescript puts the spec's descriptions in `@description` block tags;
 *   they become the summary, so the reference reads like hand-written TSDoc
 *   (a `Format: date-time` line it writes before the tag is kept after the text).
 */
import { Converter, ParameterType } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.options.addDeclaration({
    name: "hideReflections",
    help: "Full names of reflections (and their children) to leave out of the documentation.",
    type: ParameterType.Array,
    defaultValue: [],
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    const wanted = new Set(/** @type {string[]} */ (app.options.getValue("hideReflections")));
    const found = new Set();
    for (const reflection of Object.values(project.reflections)) {
      const name = reflection.getFullName();
      if (wanted.has(name)) {
        found.add(name);
        project.removeReflection(reflection);
      }
    }
    for (const name of wanted) {
      if (!found.has(name)) app.logger.warn(`hideReflections: no reflection is named ${name}`);
    }
    for (const reflection of Object.values(project.reflections)) {
      if (reflection.comment) descriptionToSummary(reflection.comment);
    }
  });
}

/** @param {import("typedoc").Comment} comment */
function descriptionToSummary(comment) {
  const description = comment.getTag("@description");
  if (!description) return;
  const rest = comment.summary.length ? [{ kind: "text", text: "\n\n" }, ...comment.summary] : [];
  comment.summary = [...description.content, ...rest];
  comment.removeTags("@description");
}
