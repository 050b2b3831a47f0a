/**
 * spec-diff end to end: the two public upstream Omi documents, self-comparison, renamed
 * components, and the command line run as a child process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { diffOpenApi, type SpecChange } from "../../scripts/spec-diff.js";
import { DEFAULT_KNOWN_DIFFERENCES } from "../../scripts/spec-diff/cli.js";
import { applyKnownDifferences, loadKnownDifferences } from "../../scripts/spec-diff/known-differences.js";
import { loadSpec } from "../../scripts/lib/load-spec.js";

const repoRoot = resolve(__dirname, "../..");
const fixtureDir = join(repoRoot, "test/fixtures/upstream");
const V1_FILE = join(fixtureDir, "omi-openapi-v1-handwritten.json");
const LATEST_FILE = join(fixtureDir, "omi-openapi-latest-generated.json");

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

const v1 = readJson(V1_FILE);
const latest = readJson(LATEST_FILE);

/**
 * Operations in latest-generated but not in v1-handwritten, worked out by hand from
 * /work/shared/reference/*.operations.txt (29 operations vs 19; v1 has none latest lacks).
 */
const EXPECTED_ADDED_OPERATIONS = [
  "DELETE /v1/dev/user/goals/{goal_id}",
  "GET /v1/dev/user/folders",
  "GET /v1/dev/user/goals",
  "GET /v1/dev/user/goals/{goal_id}",
  "GET /v1/dev/user/goals/{goal_id}/history",
  "GET /v1/dev/user/memories/vector/search",
  "PATCH /v1/dev/user/goals/{goal_id}",
  "PATCH /v1/dev/user/goals/{goal_id}/progress",
  "POST /v1/dev/user/ask",
  "POST /v1/dev/user/goals",
];

/** The 19 operations both documents have. */
const SHARED_OPERATIONS = [
  "GET /v1/dev/user/memories",
  "POST /v1/dev/user/memories",
  "POST /v1/dev/user/memories/batch",
  "DELETE /v1/dev/user/memories/{memory_id}",
  "PATCH /v1/dev/user/memories/{memory_id}",
  "GET /v1/dev/user/conversations",
  "POST /v1/dev/user/conversations",
  "GET /v1/dev/user/conversations/{conversation_id}",
  "PATCH /v1/dev/user/conversations/{conversation_id}",
  "DELETE /v1/dev/user/conversations/{conversation_id}",
  "POST /v1/dev/user/conversations/from-segments",
  "GET /v1/dev/user/action-items",
  "POST /v1/dev/user/action-items",
  "POST /v1/dev/user/action-items/batch",
  "PATCH /v1/dev/user/action-items/{action_item_id}",
  "DELETE /v1/dev/user/action-items/{action_item_id}",
  "GET /v1/dev/keys",
  "POST /v1/dev/keys",
  "DELETE /v1/dev/keys/{key_id}",
];

function find(changes: SpecChange[], operation: string, location: string, aspect?: SpecChange["aspect"]): SpecChange[] {
  return changes.filter(
    (c) => c.operation === operation && c.location === location && (aspect === undefined || c.aspect === aspect),
  );
}

describe("v1-handwritten (base) vs latest-generated (other)", () => {
  const changes = diffOpenApi(v1, latest);

  it("reports exactly the 10 operations only the latest document has, and no removed operation", () => {
    const added = changes.filter((c) => c.aspect === "operation" && c.kind === "added").map((c) => c.operation);
    expect([...added].sort()).toEqual([...EXPECTED_ADDED_OPERATIONS].sort());
    expect(changes.filter((c) => c.aspect === "operation" && c.kind === "removed")).toEqual([]);
    for (const change of changes.filter((c) => c.aspect === "operation")) {
      expect(change).toMatchObject({ breaking: false, location: "operation" });
    }
  });

  it("matches every shared operation (same operationIds, so no rename is reported)", () => {
    const touched = new Set(changes.map((c) => c.operation));
    for (const operation of SHARED_OPERATIONS) expect(touched.has(operation)).toBe(true);
    expect(changes.filter((c) => c.aspect === "operationId")).toEqual([]);
  });

  it("reports Memory.category's enum widened in responses as a non-breaking warning", () => {
    const [change, ...rest] = find(changes, "GET /v1/dev/user/memories", "response.200.body[].category", "enum");
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ kind: "added", breaking: false, severity: "warning" });
    expect(change?.after).toEqual([
      "workflow",
      "core",
      "hobbies",
      "lifestyle",
      "interests",
      "habits",
      "work",
      "skills",
      "learnings",
      "other",
      "auto",
    ]);
    // On the request side a widened enum is plainly safe.
    const [request] = find(changes, "POST /v1/dev/user/memories", "request.body.category", "enum");
    expect(request).toMatchObject({ kind: "added", breaking: false, severity: "info" });
  });

  it("reports memory visibility going from an enum to a plain nullable string", () => {
    const response = find(changes, "GET /v1/dev/user/memories", "response.200.body[].visibility");
    expect(response.map((c) => [c.aspect, c.kind, c.severity])).toEqual([
      ["nullable", "changed", "breaking"],
      ["enum", "removed", "warning"],
    ]);
    expect(response[1]?.before).toEqual(["public", "private"]);
    const request = find(changes, "POST /v1/dev/user/memories", "request.body.visibility");
    expect(request.map((c) => [c.aspect, c.kind, c.severity])).toEqual([["enum", "removed", "info"]]);
  });

  it("reports a 403 status added to every developer-key operation, and nothing for /v1/dev/keys", () => {
    const with403 = changes.filter((c) => c.location === "response.403").map((c) => c.operation);
    const expected = SHARED_OPERATIONS.filter((op) => !op.includes("/v1/dev/keys"));
    expect([...with403].sort()).toEqual([...expected].sort());
    for (const change of changes.filter((c) => c.location === "response.403")) {
      expect(change).toMatchObject({ kind: "added", aspect: "status", breaking: false });
    }
  });

  it("reports 422 added only where v1 lacked it", () => {
    const with422 = changes.filter((c) => c.location === "response.422" && c.aspect === "status").map((c) => c.operation);
    expect([...with422].sort()).toEqual(
      [
        "GET /v1/dev/user/memories",
        "DELETE /v1/dev/user/memories/{memory_id}",
        "GET /v1/dev/user/conversations",
        "GET /v1/dev/user/conversations/{conversation_id}",
        "DELETE /v1/dev/user/conversations/{conversation_id}",
        "GET /v1/dev/user/action-items",
        "DELETE /v1/dev/user/action-items/{action_item_id}",
        "DELETE /v1/dev/keys/{key_id}",
      ].sort(),
    );
  });

  it("reports the new optional listConversations query parameters as non-breaking", () => {
    const params = changes.filter((c) => c.operation === "GET /v1/dev/user/conversations" && c.aspect === "parameter");
    expect(params.map((c) => [c.kind, c.location, c.breaking])).toEqual([
      ["added", "request.query.categories", false],
      ["added", "request.query.folder_id", false],
      ["added", "request.query.starred", false],
    ]);
  });

  it("finds the breaking changes that are really there", () => {
    expect(changes.some((c) => c.breaking)).toBe(true);
    // The validation error body: `detail` was a string, the generated document says a list.
    expect(find(changes, "POST /v1/dev/user/memories", "response.422.body.detail", "type")[0]).toMatchObject({
      breaking: true,
      before: "string",
      after: "array",
    });
    // ErrorResponse.detail widened from string to string | array | object.
    expect(find(changes, "GET /v1/dev/user/memories", "response.401.body.detail", "type")[0]).toMatchObject({
      breaking: true,
      after: "array | object | string",
    });
    // Conversation.finished_at can now be null.
    expect(
      find(changes, "GET /v1/dev/user/conversations/{conversation_id}", "response.200.body.finished_at", "nullable")[0],
    ).toMatchObject({ breaking: true, before: false, after: true });
    // GeolocationInput now requires latitude and longitude.
    expect(find(changes, "POST /v1/dev/user/conversations", "request.body.geolocation.latitude", "required")[0]).toMatchObject({
      breaking: true,
      kind: "changed",
    });
    // from-segments `source` was any string, now an enum of device sources.
    const source = find(changes, "POST /v1/dev/user/conversations/from-segments", "request.body.source");
    expect(source.map((c) => [c.aspect, c.kind, c.severity])).toEqual([
      ["nullable", "changed", "info"],
      ["enum", "added", "breaking"],
      ["default", "changed", "info"],
    ]);
  });

  it("treats StructuredData.events' new item fields as response additions, not breaks", () => {
    const events = changes.filter(
      (c) =>
        c.operation === "GET /v1/dev/user/conversations/{conversation_id}" &&
        c.location.startsWith("response.200.body.structured.events[]"),
    );
    expect(events.map((c) => c.location).sort()).toEqual(
      ["created", "description", "duration", "start", "title"].map((f) => `response.200.body.structured.events[].${f}`),
    );
    expect(events.every((c) => c.kind === "added" && !c.breaking)).toBe(true);
  });

  it("reports bearer formats as non-breaking security notes and nothing else about security", () => {
    const security = changes.filter((c) => c.aspect === "security");
    expect(security).toHaveLength(SHARED_OPERATIONS.length);
    expect(security.every((c) => !c.breaking && c.severity === "info")).toBe(true);
    expect(
      security
        .filter((c) => c.after === "Firebase ID token")
        .map((c) => c.operation)
        .sort(),
    ).toEqual(["DELETE /v1/dev/keys/{key_id}", "GET /v1/dev/keys", "POST /v1/dev/keys"]);
  });

  it("reports descriptions and summaries only with verbose", () => {
    expect(changes.filter((c) => ["description", "summary"].includes(c.aspect))).toEqual([]);
    const verbose = diffOpenApi(v1, latest, { verbose: true });
    const summaries = verbose.filter((c) => c.aspect === "summary" && c.operation === "GET /v1/dev/user/memories");
    expect(summaries).toEqual([expect.objectContaining({ before: "List memories", after: "Get Memories", breaking: false })]);
    expect(verbose.length).toBeGreaterThan(changes.length);
  });

  it("in the other direction reports the 10 operations as removed and breaking", () => {
    const reverse = diffOpenApi(latest, v1);
    const removed = reverse.filter((c) => c.aspect === "operation" && c.kind === "removed");
    expect(removed.map((c) => c.operation).sort()).toEqual([...EXPECTED_ADDED_OPERATIONS].sort());
    expect(removed.every((c) => c.breaking)).toBe(true);
  });
});

describe("documents that describe the same API", () => {
  it("a document diffed with itself has no changes", () => {
    expect(diffOpenApi(v1, v1)).toEqual([]);
    expect(diffOpenApi(latest, latest)).toEqual([]);
    expect(diffOpenApi(latest, latest, { verbose: true })).toEqual([]);
  });

  it("renamed components with the same shapes produce no changes", () => {
    for (const original of [v1, latest]) {
      const renamed = renameComponents(original, (name) => `Renamed${name}`);
      expect(JSON.stringify(renamed)).not.toEqual(JSON.stringify(original));
      expect(diffOpenApi(original, renamed, { verbose: true })).toEqual([]);
      expect(diffOpenApi(renamed, original)).toEqual([]);
    }
  });

  it("inlining every non-recursive reference produces no changes", () => {
    for (const original of [v1, latest]) {
      const inlined = inlineRefs(original);
      expect(JSON.stringify(inlined)).not.toContain('"$ref"');
      expect(diffOpenApi(original, inlined, { verbose: true })).toEqual([]);
    }
  });
});

describe("the command line (child process)", () => {
  const run = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync("npx", ["tsx", "scripts/spec-diff.ts", ...args], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it("exits 0 with no differences when a fixture is compared with itself", () => {
    const fixture = "test/fixtures/upstream/omi-openapi-v1-handwritten.json";
    const result = run([fixture, fixture]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("No differences.");
    expect(result.stdout).toContain("Summary: 0 operations added, 0 removed, 0 changed; 0 changes");
  }, 60_000);

  it("exits 1 with a grouped report when adopting latest breaks v1 clients; exits 2 on usage errors", () => {
    const result = run([
      "test/fixtures/upstream/omi-openapi-latest-generated.json",
      "test/fixtures/upstream/omi-openapi-v1-handwritten.json",
    ]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("POST /v1/dev/user/ask (ask)\n  + operation added\n");
    expect(result.stdout).toMatch(/^GET \/v1\/dev\/user\/memories \(listMemories\)$/m);
    expect(result.stdout).toContain("  ~ BREAKING response.200.body[].visibility: became nullable");
    expect(result.stdout).toMatch(/^Summary: 10 operations added, 0 removed, 19 changed; \d+ changes: \d+ breaking/m);

    const missing = run(["test/fixtures/upstream/does-not-exist.json", "test/fixtures/upstream/omi-openapi-v1-handwritten.json"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("does-not-exist.json: file not found");
    expect(missing.stdout).toBe("");
  }, 60_000);
});

describe("YAML input", () => {
  it("a YAML rendering of a JSON document has no differences from it", () => {
    const dir = mkdtempSync(join(tmpdir(), "spec-diff-"));
    try {
      const yamlFile = join(dir, "latest.yaml");
      writeFileSync(yamlFile, stringify(latest));
      expect(diffOpenApi(loadSpec(LATEST_FILE), loadSpec(yamlFile), { verbose: true })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Renames every component (and rewrites references and security requirement names). */
function renameComponents(document: Record<string, unknown>, rename: (name: string) => string): Record<string, unknown> {
  const copy = structuredClone(document);
  const components = copy.components as Record<string, Record<string, unknown>> | undefined;
  if (!components) return copy;
  for (const [section, entries] of Object.entries(components)) {
    components[section] = Object.fromEntries(Object.entries(entries).map(([name, value]) => [rename(name), value]));
  }
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const parts = value.split("/");
        const last = parts.pop() ?? "";
        out[key] = [...parts, rename(last)].join("/");
      } else if (key === "security" && Array.isArray(value)) {
        out[key] = value.map((requirement: Record<string, unknown>) =>
          Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [rename(name), scopes])),
        );
      } else {
        out[key] = rewrite(value);
      }
    }
    return out;
  };
  return rewrite(copy) as Record<string, unknown>;
}

/** Replaces every `$ref` in `paths` by a copy of its target (the fixtures have no recursive schemas). */
function inlineRefs(document: Record<string, unknown>): Record<string, unknown> {
  const lookup = (ref: string): unknown =>
    ref
      .slice(2)
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== "object") return node;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === "string") {
      const { $ref, ...siblings } = record;
      const target = inline(lookup($ref)) as Record<string, unknown>;
      return { ...target, ...(inline(siblings) as Record<string, unknown>) };
    }
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, inline(value)]));
  };
  const { components, ...rest } = document;
  const securitySchemes = (components as Record<string, unknown> | undefined)?.securitySchemes;
  return { ...(inline(rest) as Record<string, unknown>), components: { securitySchemes } };
}

describe("the published document against the spec, with the spec's known differences", () => {
  const spec = loadSpec(join(repoRoot, "spec/omi-developer-api.yaml"));
  const known = loadKnownDifferences(join(repoRoot, DEFAULT_KNOWN_DIFFERENCES));
  const { changes, unused } = applyKnownDifferences(diffOpenApi(spec, latest), known);
  const intendedAt = (operation: string, location: string): Array<string | undefined> =>
    changes.filter((c) => c.operation === operation && c.location === location).map((c) => c.intended);

  it("declares every difference intended, and every entry still matches one", () => {
    expect(changes.filter((c) => c.intended === undefined)).toEqual([]);
    expect(unused.map((k) => k.id)).toEqual([]);
  });

  it("names the operations and facts of the running server as the reasons", () => {
    expect(intendedAt("GET /v1/dev/key", "operation")).toEqual(["new-operations"]);
    expect(intendedAt("GET /v1/dev/user/daily-summaries", "operation")).toEqual(["new-operations"]);
    expect(intendedAt("GET /v1/dev/user/goals/{goal_id}/history", "response.404")).toEqual(["no-404-any-more"]);
    expect(intendedAt("DELETE /v1/dev/keys/{key_id}", "response.404")).toEqual(["no-404-any-more"]);
    expect(intendedAt("POST /v1/dev/user/conversations", "response.200.body.meeting_treatment_eligible")).toEqual([
      "meeting-treatment",
    ]);
    expect(intendedAt("POST /v1/dev/user/conversations/from-segments", "request.body.conversation_role")).toEqual([
      "from-segments-fields",
    ]);
    expect(intendedAt("GET /v1/dev/user/goals", "response.200.body[].status")).toEqual(["goal-enums"]);
    expect(intendedAt("PATCH /v1/dev/user/action-items/{action_item_id}", "response.402")).toEqual(["handler-statuses"]);
    expect(intendedAt("GET /v1/dev/user/memories", "response.426")).toEqual(["account-fence"]);
  });
});
