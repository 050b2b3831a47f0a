/**
 * The browser page of the real-browser test: uses the client as a web app would
 * (bundled for the browser, calling an API on another origin), and writes what
 * happened into the DOM. The API origin and a dummy developer key come in the
 * page URL: `?api=http://127.0.0.1:4010&key=omi_dev_…`.
 */
import { createOmiClient, NotFoundError } from "../../../src/index.js";

function show(id: string, text: string): void {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  element.textContent = text;
}

function param(name: string): string {
  const value = new URLSearchParams(window.location.search).get(name);
  if (!value) throw new Error(`The page URL needs ?${name}=…`);
  return value;
}

async function run(): Promise<void> {
  const baseUrl = param("api");
  show("api", baseUrl);
  const omi = createOmiClient({ baseUrl, apiKey: param("key") });

  const conversations = await omi.conversations.list({ limit: 5 });
  const list = document.getElementById("titles");
  for (const conversation of conversations) {
    const item = document.createElement("li");
    item.textContent = conversation.structured.title;
    list?.append(item);
  }

  const [first] = conversations;
  if (!first) throw new Error("The API listed no conversations");
  const result = await omi.conversations.delete(first.id);
  show("deleted", `${first.id} deleted: ${JSON.stringify(result)}`);

  try {
    await omi.conversations.delete(first.id, { headers: { Prefer: "code=404" } });
    show("error-name", "no error: the second delete succeeded");
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    show("error-name", error.name);
    show("error-instanceof", String(error instanceof NotFoundError));
    if (error instanceof NotFoundError) {
      show("error-status", String(error.status));
      show("error-detail", typeof error.detail === "string" ? error.detail : JSON.stringify(error.detail));
    }
  }
}

run().then(
  () => {
    document.body.dataset.state = "done";
  },
  (error: unknown) => {
    show("failure", error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    document.body.dataset.state = "failed";
  },
);
