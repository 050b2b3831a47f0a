import { OmiConnectionError } from "../../src/index.js";
import { connectionError } from "../../src/internal/fetch-errors.js";
import { createRedactor } from "../../src/internal/redaction.js";

const redact = createRedactor(() => []);
const fetchFailed = (code: string | undefined, message = "boom") =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(message), code ? { code } : {}) });

describe("connectionError", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"])(
    "%s: the request never reached the server",
    (code) => {
      const error = connectionError(fetchFailed(code, `connect ${code} 127.0.0.1:1`), redact);
      expect(error).toBeInstanceOf(OmiConnectionError);
      expect(error.reachedServer).toBe(false);
      expect(error.message).toBe(`Could not connect to the server (fetch failed: connect ${code} 127.0.0.1:1)`);
    },
  );

  it.each(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", undefined])("%p: it may have reached the server", (code) => {
    const error = connectionError(fetchFailed(code, "other side closed"), redact);
    expect(error.reachedServer).toBe(true);
    expect(error.message).toMatch(/^The connection failed after the request was sent/);
  });

  it('a port that fetch refuses before connecting (no code, "bad port") never reached the server', async () => {
    const refused = await fetch("http://127.0.0.1:9/").catch((e: unknown) => e);
    const error = connectionError(refused, redact);
    expect(error.message).toMatch(/bad port/);
    expect(error.reachedServer).toBe(false);
  });

  it("a code on the outer error counts too; a non-error is described as text", () => {
    expect(connectionError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), redact).reachedServer).toBe(false);
    expect(connectionError("weird", redact).message).toContain("(weird)");
  });

  it("keeps the original error as cause, and redacts message and cause when they quote a credential", () => {
    const clean = fetchFailed("ECONNRESET");
    expect(connectionError(clean, redact).cause).toBe(clean);
    const quoting = new TypeError("fetch failed", { cause: new Error("sent Bearer omi_dev_abcdefghijklmnopqrstuvwxyz") });
    const error = connectionError(quoting, redact);
    expect(error.message).toContain("sent Bearer [REDACTED]");
    expect(((error.cause as Error).cause as Error).message).toBe("sent Bearer [REDACTED]");
  });
});
