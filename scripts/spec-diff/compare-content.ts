/**
 * Comparing the `content` maps (media type → schema) of a request body or a response.
 */
import { compareSchemas, type SchemaComparison } from "./compare-schemas.js";
import { isJsonObject, type JsonObject, type Severity } from "./types.js";

/** Media type without parameters, lower-cased (`Application/JSON; charset=utf-8` → `application/json`). */
export function normaliseMediaType(mediaType: string): string {
  return (mediaType.split(";")[0] ?? mediaType).trim().toLowerCase();
}

/** The report location of a body: `<prefix>.body` for JSON, `<prefix>.body(<media type>)` otherwise. */
export function bodyLocation(prefix: string, mediaType: string): string {
  return mediaType === "application/json" ? `${prefix}.body` : `${prefix}.body(${mediaType})`;
}

function mediaMap(content: unknown): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (!isJsonObject(content)) return out;
  for (const [type, media] of Object.entries(content)) {
    out.set(normaliseMediaType(type), isJsonObject(media) ? media : {});
  }
  return out;
}

const isJsonish = (type: string): boolean => type === "application/json" || type.endsWith("+json");

/**
 * Compares two `content` maps.
 * @param prefix - Location prefix, e.g. `request` or `response.200`.
 * @param removedSeverity - Severity of a media type that disappears.
 */
export function compareContent(
  oldContent: unknown,
  newContent: unknown,
  prefix: string,
  cmp: SchemaComparison,
  removedSeverity: Severity,
): void {
  const before = mediaMap(oldContent);
  const after = mediaMap(newContent);
  const onlyBefore = [...before.keys()].filter((t) => !after.has(t));
  const onlyAfter = [...after.keys()].filter((t) => !before.has(t));
  const pairs: [string, string][] = [...before.keys()].filter((t) => after.has(t)).map((t) => [t, t]);
  // One JSON flavour swapped for another (e.g. application/json → application/problem+json): compare them.
  const [lonelyBefore] = onlyBefore;
  const [lonelyAfter] = onlyAfter;
  if (
    onlyBefore.length === 1 &&
    onlyAfter.length === 1 &&
    lonelyBefore !== undefined &&
    lonelyAfter !== undefined &&
    isJsonish(lonelyBefore) &&
    isJsonish(lonelyAfter)
  ) {
    cmp.emit({
      kind: "changed",
      severity: "warning",
      aspect: "mediaType",
      location: `${prefix}.content`,
      message: `media type changed from ${lonelyBefore} to ${lonelyAfter}`,
      before: lonelyBefore,
      after: lonelyAfter,
    });
    pairs.push([lonelyBefore, lonelyAfter]);
    onlyBefore.length = 0;
    onlyAfter.length = 0;
  }
  for (const type of onlyBefore) {
    cmp.emit({
      kind: "removed",
      severity: removedSeverity,
      aspect: "mediaType",
      location: `${prefix}.content`,
      message: `media type ${type} removed`,
      before: type,
    });
  }
  for (const type of onlyAfter) {
    cmp.emit({
      kind: "added",
      severity: "info",
      aspect: "mediaType",
      location: `${prefix}.content`,
      message: `media type ${type} added`,
      after: type,
    });
  }
  for (const [oldType, newType] of pairs) {
    const oldSchema = before.get(oldType)?.schema;
    const newSchema = after.get(newType)?.schema;
    compareSchemas(oldSchema, newSchema, bodyLocation(prefix, newType), cmp);
  }
}

/** True when a `content` map declares at least one media type. */
export function hasContent(content: unknown): boolean {
  return isJsonObject(content) && Object.keys(content).length > 0;
}
