import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env, HOST_KEY_VARIABLES, resetEnvCache } from "@/lib/env";
import { redactExchange, redactRequest } from "@/lib/providers/http";
import { keyTextProblem } from "@/lib/security/key-text";
import { REDACTED, scrubConsole, scrubText, scrubValue, secretsToScrub } from "@/lib/security/scrub-secrets";

const BFL = "bfl-server-key-0123456789";
const FAL = "fal-id-42:fal-secret-abcdef";
const OWN = "users-own-key-98765";

let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(HOST_KEY_VARIABLES.map((k) => [k, process.env[k]]));
  for (const k of HOST_KEY_VARIABLES) delete process.env[k];
  process.env.BFL_API_KEY = BFL;
  process.env.FAL_KEY = FAL;
  resetEnvCache();
});
afterEach(() => {
  for (const k of HOST_KEY_VARIABLES) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

describe("scrubText", () => {
  it.each([
    ["a configured key echoed by a host", `Invalid key Bearer ${BFL}`, `Invalid key Bearer ${REDACTED}`],
    ["a configured key alone", `key was ${BFL}.`, `key was ${REDACTED}.`],
    ["another host's configured key (fal's id:secret form)", `Authorization failed for ${FAL}`, `Authorization failed for ${REDACTED}`],
    ["the run's own key", `unknown key ${OWN}`, `unknown key ${REDACTED}`],
    ["the key inside a longer word", `x${OWN}y`, `x${REDACTED}y`],
    ["the key repeated", `${OWN} ${OWN}`, `${REDACTED} ${REDACTED}`],
    ["an unknown Bearer token", "got Bearer sk-live-abc123XYZ", `got Bearer ${REDACTED}`],
    ["an unknown token, lower case", "authorization: bearer abcd1234efgh", `authorization: bearer ${REDACTED}`],
    ["fal's Key scheme", "header was Key 0a1b2c3d:4e5f6a7b8c", `header was Key ${REDACTED}`],
    ["Replicate's Token scheme", "Token r8_Abc123def456", `Token ${REDACTED}`],
    ["a long token without digits", `Bearer ${"abcdefgh".repeat(4)}`, `Bearer ${REDACTED}`],
    ["plain words after key (no digit, short)", "Invalid key provided", "Invalid key provided"],
    ["plain words after token", "Token expired, sign in again", "Token expired, sign in again"],
    ["a token too short to be a key", "Bearer ab12", "Bearer ab12"],
    ["already redacted", `Bearer ${REDACTED}`, `Bearer ${REDACTED}`],
    ["nothing secret", "The host answered 500: overloaded", "The host answered 500: overloaded"],
  ])("%s", (_what, input, expected) => {
    expect(scrubText(input, secretsToScrub([OWN]))).toBe(expected);
  });

  it("never treats short values as secrets (they would mangle text)", () => {
    expect(secretsToScrub(["abc", "", undefined, null])).toEqual([BFL, FAL].sort((a, b) => b.length - a.length));
    expect(scrubText("abc abc", secretsToScrub(["abc"]))).toBe("abc abc");
  });

  it("replaces a key containing another one whole (longest first)", () => {
    expect(scrubText(`${BFL}-extended`, secretsToScrub([`${BFL}-extended`]))).toBe(REDACTED);
  });
});

describe("scrubValue", () => {
  it("scrubs strings in nested JSON, object keys included, and leaves other values alone", () => {
    const input = {
      error: { message: `Invalid key Bearer ${OWN}`, detail: [`x-key: ${BFL}`, 42, null, true] },
      [OWN]: "named after the key",
      nested: { deeper: [{ token: `Key ${FAL}` }] },
    };
    expect(scrubValue(input, secretsToScrub([OWN]))).toEqual({
      error: { message: `Invalid key Bearer ${REDACTED}`, detail: [`x-key: ${REDACTED}`, 42, null, true] },
      [REDACTED]: "named after the key",
      nested: { deeper: [{ token: `Key ${REDACTED}` }] },
    });
  });

  it("uses the configured keys by default", () => {
    expect(scrubValue([`saw ${BFL}`])).toEqual([`saw ${REDACTED}`]);
    expect(JSON.stringify(scrubValue({ a: { b: FAL } }))).not.toContain(FAL);
  });
});

describe("redactExchange", () => {
  it("redacts key headers (keeping the scheme) and any key in bodies and headers, both ways", () => {
    const exchange = redactExchange(
      {
        at: "2026-12-04T00:00:00.000Z",
        durationMs: 12,
        request: { method: "POST", url: `https://host.test/v1/x?echo=${OWN}`, headers: { Authorization: `Bearer ${OWN}`, "x-trace": OWN }, body: { prompt: "p", note: OWN } },
        response: { status: 401, headers: { "www-authenticate": `Bearer error="invalid_token" token=${OWN}` }, body: { detail: `Invalid key Bearer ${OWN}`, server: BFL } },
      },
      ["authorization"],
      OWN,
    );
    expect(exchange.request.headers.Authorization).toBe(`Bearer ${REDACTED}`);
    expect(JSON.stringify(exchange)).not.toContain(OWN);
    expect(JSON.stringify(exchange)).not.toContain(BFL);
    expect(exchange.response).toMatchObject({ status: 401, body: { detail: `Invalid key Bearer ${REDACTED}`, server: REDACTED } });
  });

  it("scrubs a transport error's message (an invalid header value is quoted in it)", () => {
    const exchange = redactExchange(
      { at: "", durationMs: 0, request: { method: "GET", url: "https://host.test", headers: {} }, response: { error: `Headers.append: "Key ${FAL}" is an invalid header value.` } },
      ["authorization"],
    );
    expect(exchange.response).toEqual({ error: `Headers.append: "Key ${REDACTED}" is an invalid header value.` });
  });

  it("redacts a secret header entirely when the key in it is not the run's", () => {
    expect(redactRequest({ method: "GET", url: "https://h.test", headers: { "x-key": "something-else-123" } }, ["x-key"], OWN).headers["x-key"]).toBe(REDACTED);
  });
});

describe("key rules (server variables and users' own keys)", () => {
  it.each([
    ["bfl-0123456789abcdef", null],
    ["", /empty/],
    ["short12", /too short/],
    [" leading-space-key", /starts or ends with whitespace/],
    ["trailing-newline-key\n", /starts or ends with whitespace/],
    ["inner\u0007bell-key", /control character at position 6/],
    ["inner\nline-key", /control character at position 6/],
    ["with space-key", /space at position 5/],
    ["nön-ascii-key", /non-ASCII character at position 2/],
  ])("%j → %s", (key, expected) => {
    const problem = keyTextProblem(key, "BFL_API_KEY");
    if (expected === null) expect(problem).toBeNull();
    else {
      expect(problem).toMatch(expected);
      expect(problem).toMatch(/^BFL_API_KEY /);
    }
  });

  it.each([
    ["BFL_API_KEY", "bfl-key\u0001-0123456"],
    ["FAL_KEY", "fal:key\r\n"],
    ["REPLICATE_API_TOKEN", " r8_0123456789"],
    ["TOGETHER_API_KEY", "tog\tether-0123"],
  ])("start-up refuses %s with a control character or surrounding whitespace, naming it", (name, value) => {
    process.env[name] = value;
    resetEnvCache();
    let message = "";
    try {
      env();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`${name}: ${name} (contains a control character|starts or ends with whitespace)`));
    // The message names the variable and the position, never the value.
    expect(message).not.toContain(value.trim().slice(0, 6));
  });

  it("an empty or blank key variable means no key", () => {
    process.env.RUNWARE_API_KEY = "   ";
    process.env.BFL_API_KEY = "";
    resetEnvCache();
    expect(env().RUNWARE_API_KEY).toBeUndefined();
    expect(env().BFL_API_KEY).toBeUndefined();
  });
});

describe("scrubConsole", () => {
  it("scrubs every log line the server writes, errors and their stacks included", () => {
    const saved = { ...console };
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) console[method] = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    try {
      scrubConsole();
      console.error(`resume g1:`, new Error(`BFL rejected the API key: Invalid key Bearer ${BFL}`));
      console.warn("host said %s", { detail: `key ${OWN}` });
      console.log(`Key ${FAL}`);
    } finally {
      Object.assign(console, saved);
      (globalThis as { __fluxConsoleScrubbed?: boolean }).__fluxConsoleScrubbed = false;
    }
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^resume g1: Error: BFL rejected the API key: Invalid key Bearer <redacted>\n\s+at /);
    expect(lines[1]).toBe("host said { detail: 'key <redacted>' }");
    expect(lines[2]).toBe(`Key ${REDACTED}`);
    for (const line of lines) for (const key of [BFL, FAL]) expect(line).not.toContain(key);
  });
});
