/**
 * The main entry exports what a user of the client needs, and the generator's
 * tables live in `omi-developer-api/internal` only: the exports of both entries
 * as the TypeScript checker sees them (types included), and the values the
 * main entry holds at run time.
 */
import { join, resolve } from "node:path";
import ts from "typescript";
import * as main from "../src/index.js";
import * as internal from "../src/internal/index.js";
import { OmiError } from "../src/core/errors.js";

const ROOT = resolve(__dirname, "..");

function exportedNames(program: ts.Program, file: string): string[] {
  const source = program.getSourceFile(file);
  const checker = program.getTypeChecker();
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${file} is not a module of the program`);
  return checker
    .getExportsOfModule(module)
    .map((symbol) => symbol.getName())
    .sort();
}

describe("the public surface", () => {
  const mainFile = join(ROOT, "src/index.ts");
  const internalFile = join(ROOT, "src/internal/index.ts");
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  });
  if (!config) throw new Error("tsconfig.json could not be read");
  const program = ts.createProgram([mainFile, internalFile], config.options);
  const mainNames = exportedNames(program, mainFile);
  const internalNames = exportedNames(program, internalFile);

  it("keeps the generator's tables and the errors' constructor arguments out of the main entry", () => {
    expect(internalNames).toEqual(
      expect.arrayContaining(["operationTable", "rateLimits", "OperationSpec", "BodyRule", "PollSpec", "OmiApiErrorInit"]),
    );
    expect(mainNames.filter((name) => internalNames.includes(name))).toEqual([]);
    expect(mainNames.filter((name) => /Spec$|Init$|^ReducedLimit$|^OmiErrorOptions$/.test(name))).toEqual([]);
  });

  it("exports what the README's examples and a typed call need", () => {
    expect(mainNames).toEqual(
      expect.arrayContaining([
        "createOmiClient",
        "OmiClient",
        "OmiClientOptions",
        "RequestOptions",
        "PaginationOptions",
        "Page",
        "OmiPromise",
        "OperationResult",
        "Conversation",
        "Memory",
        "CreateMemoryRequest",
        "OmiBatchErrorOf",
        "BatchCountWarning",
        "NotFoundError",
        "RateLimitError",
        "VERSION",
      ]),
    );
  });

  it("holds at run time only createOmiClient, VERSION and the error classes", () => {
    const values = Object.entries(main).filter(([name]) => name !== "createOmiClient" && name !== "VERSION");
    const notErrors = values.filter(([, value]) => !(typeof value === "function" && value.prototype instanceof Error));
    expect(notErrors.map(([name]) => name)).toEqual([]);
    expect(
      values.every(([, value]) => value === OmiError || (value as { prototype: unknown }).prototype instanceof OmiError),
    ).toBe(true);
    expect(typeof main.createOmiClient).toBe("function");
    expect(typeof main.VERSION).toBe("string");
  });

  it("serves the generator's tables from the internal entry", () => {
    expect(Object.keys(internal).sort()).toEqual(["operationTable", "rateLimits"]);
    expect(internal.operationTable.listConversations.path).toBe("/v1/dev/user/conversations");
  });
});
