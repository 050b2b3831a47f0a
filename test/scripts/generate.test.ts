/**
 * The promise of the project: add an operation to the spec, run one command,
 * and it is a typed, documented, callable helper with no hand-written code.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

function runGenerate(...args: string[]) {
  return spawnSync(process.execPath, [TSX, "scripts/generate.ts", ...args], { cwd: ROOT, encoding: "utf8" });
}

describe("npm run generate", () => {
  // Inside the repository (git-ignored) so that the copy resolves the project's node_modules.
  const parent = join(ROOT, ".artifacts");
  mkdirSync(parent, { recursive: true });
  const work = mkdtempSync(join(parent, "regenerate-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    const spec = parse(readFileSync(join(ROOT, "spec/omi-developer-api.yaml"), "utf8"));
    spec.tags.push({ name: "Contacts", description: "People the user talks with." });
    spec.paths["/v1/dev/user/contacts/{contact_id}"] = {
      get: {
        operationId: "getContact",
        tags: ["Contacts"],
        summary: "Get a contact",
        description: "Returns one person the user has talked with, by id.",
        parameters: [
          { name: "contact_id", in: "path", required: true, description: "Id of the contact.", schema: { type: "string" } },
          { name: "with_stats", in: "query", required: false, schema: { type: "boolean" } },
        ],
        responses: {
          "200": {
            description: "The contact.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "name"],
                  properties: { id: { type: "string" }, name: { type: "string" }, conversations: { type: "integer" } },
                },
              },
            },
          },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
    };
    spec.paths["/v1/dev/user/contacts"] = {
      get: {
        operationId: "listContacts",
        tags: ["Contacts"],
        summary: "List contacts",
        description: "Returns one page of the people of a group.",
        "x-omi-pagination": { maxLimit: 50 },
        parameters: [
          { name: "group", in: "query", required: true, description: "The group to list.", schema: { type: "string" } },
          { name: "limit", in: "query", required: false, schema: { type: "integer" } },
          { name: "offset", in: "query", required: false, schema: { type: "integer" } },
        ],
        responses: {
          "200": {
            description: "A page of contacts.",
            content: {
              "application/json": {
                schema: {
                  type: "array",
                  items: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
                },
              },
            },
          },
        },
      },
    };
    writeFileSync(join(work, "spec.yaml"), stringify(spec));
    const result = runGenerate("--spec", join(work, "spec.yaml"), "--out", join(work, "generated"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    cpSync(join(ROOT, "src"), join(work, "src"), { recursive: true });
  });

  it("documents the new helper with the spec's summary, description and errors", () => {
    const helpers = readFileSync(join(work, "generated/helpers.ts"), "utf8");
    expect(helpers).toContain("contacts: ContactsHelpers;");
    expect(helpers).toContain("Returns one person the user has talked with, by id.");
    expect(helpers).toContain("@param contactId - Id of the contact.");
    expect(helpers).toContain("@throws {@link NotFoundError} 404");
    expect(helpers).toMatch(
      /get\(contactId: string, query\?: OperationQuery<"getContact">, options\?: RequestOptions\): OmiPromise<OperationResult<"getContact">>;/,
    );
    // A listing with a required filter keeps it required in its paged forms too.
    expect(helpers).toContain('listAll(query: OperationQuery<"listContacts">, options?: PaginationOptions)');
    expect(helpers).toContain('pages(query: OperationQuery<"listContacts">, options?: PaginationOptions)');
  });

  it("types the new helper: right calls compile, wrong ones do not", () => {
    writeFileSync(
      join(work, "usage.ts"),
      [
        'import { createOmiClient } from "./src/index.js";',
        'const omi = createOmiClient({ apiKey: "omi_dev_0000000000000000000000000" });',
        "export async function use(): Promise<string> {",
        '  const contact = await omi.contacts.get("p1", { with_stats: true });',
        "  const count: number | undefined = contact.conversations;",
        "  // @ts-expect-error with_stats is a boolean",
        '  await omi.contacts.get("p1", { with_stats: "yes" });',
        "  // @ts-expect-error the id is required",
        "  await omi.contacts.get();",
        '  for await (const person of omi.contacts.listAll({ group: "family" })) console.log(person.id.length);',
        "  // @ts-expect-error the listing's group filter is required",
        "  omi.contacts.listAll();",
        "  return `${contact.name} ${count ?? 0}`;",
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["usage.ts"],
      }),
    );
    writeFileSync(join(work, "package.json"), JSON.stringify({ type: "module" }));
    const result = spawnSync(process.execPath, [TSC, "-p", join(work, "tsconfig.json")], { encoding: "utf8" });
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });

  it("makes the new helper callable at run time from the regenerated table", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const regenerated = require(join(work, "src/index.ts")) as typeof import("../../src/index.js");
    const requests: string[] = [];
    const omi = regenerated.createOmiClient({
      apiKey: "omi_dev_0000000000000000000000000",
      baseUrl: "http://contacts.invalid",
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init);
        requests.push(`${request.method} ${request.url}`);
        return new Response(JSON.stringify({ id: "p1", name: "Lena" }), { headers: { "content-type": "application/json" } });
      },
    });
    const contacts = (omi as unknown as { contacts: { get(id: string, q: object): Promise<unknown> } }).contacts;
    await expect(contacts.get("p/1", { with_stats: true })).resolves.toEqual({ id: "p1", name: "Lena" });
    expect(requests).toEqual(["GET http://contacts.invalid/v1/dev/user/contacts/p%2F1?with_stats=true"]);
    const listing = (omi as unknown as { contacts: { listAll(q?: object): AsyncIterable<unknown> } }).contacts;
    const walk = async () => {
      for await (const _ of listing.listAll()) break;
    };
    await expect(walk()).rejects.toThrow(new regenerated.OmiInputError("listContacts: query parameters are required"));
    expect(requests).toHaveLength(1);
  });
});

describe("npm run generate:check", () => {
  it("passes when generated/ matches the spec", () => {
    const result = runGenerate("--check");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/up to date/);
  });

  it("fails, naming the stale files, when generated/ does not match the spec", () => {
    const dir = mkdtempSync(join(ROOT, ".artifacts", "stale-"));
    try {
      execFileSync(process.execPath, [TSX, "scripts/generate.ts", "--out", dir], { cwd: ROOT });
      writeFileSync(join(dir, "operations.ts"), `${readFileSync(join(dir, "operations.ts"), "utf8")}// hand edit\n`);
      const result = runGenerate("--check", "--out", dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/stale: generated\/operations\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
