import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;

/**
 * An ajv for OpenAPI 3.1 documents (JSON Schema 2020-12, formats on, every
 * error collected, errors carrying their schema and data). ajv-formats is a
 * CommonJS module whose default export arrives either as the function (CommonJS
 * callers) or wrapped in `default` (ES module callers); both are accepted.
 */
export function createSpecAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  const plugin: unknown = formats;
  const addFormats = typeof plugin === "function" ? plugin : (plugin as { default?: unknown }).default;
  if (typeof addFormats !== "function") throw new Error("ajv-formats did not load as a function");
  (addFormats as FormatsPlugin)(ajv);
  return ajv;
}
