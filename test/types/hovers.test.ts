/**
 * What an editor shows on hover over an awaited helper call: the TypeScript
 * language service's quick info at positions of test/types/hovers/fixture.ts,
 * compiled with the project's settings as a user's file importing
 * `omi-developer-api`. A schema's type is shown by its name (`Conversation[]`),
 * never as the object literal it stands for; every helper of the client is held to that.
 */
import { join, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(__dirname, "../..");
const FIXTURE = join(ROOT, "test/types/hovers/fixture.ts");

function languageService(): ts.LanguageService {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!config) throw new Error("tsconfig.json could not be read");
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [FIXTURE],
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => {
      const text = ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

describe("hovers name the API's types", () => {
  const service = languageService();
  const program = service.getProgram();
  if (!program) throw new Error("no program");
  const source = program.getSourceFile(FIXTURE);
  if (!source) throw new Error(`${FIXTURE} is not in the program`);
  const text = source.getFullText();

  it("the fixture compiles (its hovers are of well-typed code)", () => {
    const diagnostics = ts
      .getPreEmitDiagnostics(program, source)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });

  /** The quick info of the variable `name` declared in the fixture (`const name` or `const { data: name }`). */
  function hover(name: string): string {
    const match = new RegExp(`(?:const |const \\{ data: )(${name})\\b`).exec(text);
    if (!match) throw new Error(`no declaration of ${name} in the fixture`);
    const info = service.getQuickInfoAtPosition(FIXTURE, match.index + match[0].length - name.length);
    return ts.displayPartsToString(info?.displayParts);
  }

  it.each([
    ["convs", "Conversation[]", "list"],
    ["conv", "Conversation", "get"],
    ["started", "ConversationCreated", "create"],
    ["memory", "Memory", "create"],
    ["memories", "Memory[]", "createMany"],
    ["items", "ActionItem[]", "createMany"],
    ["keys", "ApiKey[]", "withResponse().data"],
    ["memoryItem", "Memory", "listAll item"],
    ["summary", "DailySummary", "listAll item of a listing answered as an object"],
    ["page", "Page<Conversation>", "pages"],
  ])("const %s shows %s (%s)", (name, type) => {
    expect(hover(name)).toBe(`const ${name}: ${type}`);
  });

  it("a schema's name leads to its interface, documented with the spec's description", () => {
    const checker = program.getTypeChecker();
    const symbol = checker.getTypeAtLocation(findIdentifier(source, "conv")).getSymbol();
    expect(symbol?.getName()).toBe("Conversation");
    expect(symbol?.declarations?.map((d) => ts.isInterfaceDeclaration(d) && d.getSourceFile().fileName)).toEqual([
      join(ROOT, "generated/schemas.ts"),
    ]);
    expect(ts.displayPartsToString(symbol?.getDocumentationComment(checker))).toMatch(/conversation/i);
    expect(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol as ts.Symbol)).map((p) => p.getName())).toContain(
      "transcript_segments",
    );
  });

  it("every field of the errors and of the hooks' events shows its one description in a hover", () => {
    const checker = program.getTypeChecker();
    const importDecl = source.statements.find(ts.isImportDeclaration);
    const entry = importDecl && checker.getSymbolAtLocation(importDecl.moduleSpecifier);
    if (!entry) throw new Error("the fixture does not import omi-developer-api");
    const undocumented: string[] = [];
    let fields = 0;
    for (const exported of checker.getExportsOfModule(entry)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = symbol.getName();
      const isError = symbol.flags & ts.SymbolFlags.Class && /Error$/.test(name);
      if (!isError && !/^(RetryEvent|RateLimitWaitEvent|WithResponse|CallRecord|CallOutcome)$/.test(name)) continue;
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      for (const field of checker.getPropertiesOfType(type)) {
        // Error's own members (message, stack, cause) are documented by the platform's typings.
        if (["message", "stack", "cause", "toJSON"].includes(field.getName())) continue;
        fields += 1;
        const doc = ts.displayPartsToString(field.getDocumentationComment(checker));
        if (!doc || doc.includes("{@")) undocumented.push(`${name}.${field.getName()}: ${JSON.stringify(doc)}`);
      }
    }
    expect(fields).toBeGreaterThan(60);
    expect(undocumented).toEqual([]);
  });

  it("every helper resolves to (or yields) a named type, never an inline object", () => {
    const checker = program.getTypeChecker();
    const client = checker.getTypeAtLocation(findIdentifier(source, "omi"));
    const shown: Record<string, string> = {};
    for (const group of checker.getPropertiesOfType(client)) {
      if (group.getName() === "raw") continue;
      const groupType = checker.getTypeOfSymbolAtLocation(group, source);
      for (const helper of checker.getPropertiesOfType(groupType)) {
        const [signature] = checker.getTypeOfSymbolAtLocation(helper, source).getCallSignatures();
        if (!signature) throw new Error(`${group.getName()}.${helper.getName()} is not callable`);
        const result = checker.getReturnTypeOfSignature(signature);
        const yielded =
          result.getSymbol()?.getName() === "AsyncIterable" ? checker.getTypeArguments(result as ts.TypeReference)[0] : undefined;
        const value = yielded ?? checker.getAwaitedType(result);
        if (!value) throw new Error(`${group.getName()}.${helper.getName()} returns neither a promise nor an async iterable`);
        shown[`${group.getName()}.${helper.getName()}`] = checker.typeToString(value, undefined, ts.TypeFormatFlags.NoTruncation);
      }
    }
    expect(Object.keys(shown).length).toBeGreaterThan(40);
    const inline = Object.entries(shown).filter(([, type]) => !/^(?:undefined|[A-Z]\w*(?:\[\])?|Page<[A-Z]\w*>)$/.test(type));
    expect(inline).toEqual([]);
  });
});

function findIdentifier(source: ts.SourceFile, name: string): ts.Identifier {
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = node.name;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) throw new Error(`no variable ${name} in the fixture`);
  return found;
}
