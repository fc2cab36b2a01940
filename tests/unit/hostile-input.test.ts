import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mkdtemp, mkdir, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseInput, unsafeTextIssues, unsafeTextReason } from "@/lib/validation/input";
import { parseParams, toFieldIssues } from "@/lib/models";
import { TokenBuckets } from "@/lib/security/rate-limit";
import { clientAddress, isLoopback, PEER_HEADER } from "@/lib/security/client-address";
import { bodyLimitFor, readLimitedBody, SMALL_BODY_BYTES } from "@/lib/security/body-limit";
import { pruneSandboxFiles, SANDBOX_MAX_FILES } from "@/lib/sandbox/task-store";
import { sandboxFor } from "@/lib/sandbox";
import { resetEnvCache } from "@/lib/env";

describe("the text rule", () => {
  it.each([
    ["plain", null],
    ["emoji 🦊 and accents é", null],
    ["a\u0000b", /NUL/],
    ["lone high \uD800 here", /surrogate/],
    ["lone low \uDC00", /surrogate/],
    ["\uDC00\uD800 reversed pair", /surrogate/],
  ])("%j → %s", (text, expected) => {
    const reason = unsafeTextReason(text);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });

  it("finds every bad string in a nested input, keys included, with its path", () => {
    const issues = unsafeTextIssues({ params: { prompt: "x\u0000", list: ["ok", "\uD83D"] }, ["k\u0000"]: 1 });
    expect(issues.map((i) => i.path.join("."))).toEqual(["params.prompt", "params.list.1", "k\u0000"]);
  });

  it("parseInput refuses before the schema runs, naming the field; valid input parses as before", () => {
    const schema = z.object({ name: z.string() }).strict();
    const bad = parseInput(schema, { name: "a\u0000" });
    expect(bad.success).toBe(false);
    expect(toFieldIssues(bad.error!)).toEqual([{ path: "name", message: expect.stringMatching(/NUL/) }]);
    expect(parseInput(schema, { name: "ok" })).toMatchObject({ success: true, data: { name: "ok" } });
  });

  it("an unknown field is refused with its own path (API bodies and model params are strict)", () => {
    const schema = z.object({ a: z.object({ b: z.number() }).strict() }).strict();
    const result = schema.safeParse({ a: { b: 1, c: 2 }, d: 3 });
    expect(toFieldIssues(result.error!).map((i) => i.path).sort()).toEqual(["a.c", "d"]);
    const params = parseParams("flux-pro-1.1", { prompt: "x", steps: 30 });
    expect(params).toEqual({ ok: false, issues: [{ path: "params.steps", message: expect.stringContaining("Unknown field") }] });
  });
});

describe("rate limit buckets", () => {
  it("allows a burst of the limit, then refuses with the wait, and refills at limit/minute", () => {
    const buckets = new TokenBuckets(6);
    const t0 = 1_000_000;
    for (let i = 0; i < 6; i++) expect(buckets.take("a", t0).ok).toBe(true);
    const refused = buckets.take("a", t0);
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterMs).toBe(10_000);
    expect(buckets.take("b", t0).ok).toBe(true); // another client has its own bucket
    expect(buckets.take("a", t0 + 10_000).ok).toBe(true);
    expect(buckets.take("a", t0 + 10_001).ok).toBe(false);
  });

  it("forgets the least recently seen clients past its bound", () => {
    const buckets = new TokenBuckets(1);
    for (let i = 0; i < 10_050; i++) buckets.take(`c${i}`, 0);
    expect(buckets.size).toBe(10_000);
  });

  it("takes the client from the connection, or from the proxy's X-Forwarded-For entry only when trusted", () => {
    const headers = new Headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
    expect(clientAddress(headers, false)).toBe("10.0.0.2");
    expect(clientAddress(headers, true)).toBe("203.0.113.7");
    expect(isLoopback("127.0.0.1") && isLoopback("::1") && isLoopback("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopback("10.0.0.2")).toBe(false);
  });
});

describe("body limits", () => {
  it("gives routes that take an image MAX_BODY_BYTES and the others 256 kB", () => {
    const max = 15 * 1024 * 1024;
    expect(bodyLimitFor({ pathname: "/api/v1/generations", method: "POST", serverAction: false }, max)).toBe(max);
    expect(bodyLimitFor({ pathname: "/api/v1/comparisons", method: "POST", serverAction: false }, max)).toBe(max);
    expect(bodyLimitFor({ pathname: "/", method: "POST", serverAction: true }, max)).toBe(max);
    expect(bodyLimitFor({ pathname: "/api/sandbox/bfl/v1/flux-pro-1.1", method: "POST", serverAction: false }, max)).toBe(max);
    expect(bodyLimitFor({ pathname: "/api/v1/shares", method: "POST", serverAction: false }, max)).toBe(SMALL_BODY_BYTES);
    expect(bodyLimitFor({ pathname: "/api/v1/shares", method: "POST", serverAction: false }, 4096)).toBe(4096);
  });

  it("stops reading a chunked body as soon as it passes the limit", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1000));
        if (pulled === 1000) controller.close();
      },
    });
    const request = new Request("http://x/api/v1/shares", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(await readLimitedBody(request, 2500)).toBeNull();
    expect(pulled).toBeLessThan(10);
    const small = new Request("http://x/", { method: "POST", body: "hello" });
    expect(new TextDecoder().decode((await readLimitedBody(small, 10))!)).toBe("hello");
    const declared = new Request("http://x/", { method: "POST", body: "hello", headers: { "content-length": "999999" } });
    expect(await readLimitedBody(declared, 10)).toBeNull();
  });
});

describe("sandbox hosts", () => {
  it("look host names up without Object.prototype", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) expect(sandboxFor(name)).toBeNull();
    expect(sandboxFor("bfl")).toBeTypeOf("function");
  });

  it("prune task and result files past their age, and the oldest past the cap", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "flux-sandbox-prune-"));
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dir;
    resetEnvCache();
    try {
      const tasks = path.join(dir, "sandbox", "bfl", "tasks");
      const results = path.join(dir, "sandbox", "fal", "results");
      await mkdir(tasks, { recursive: true });
      await mkdir(results, { recursive: true });
      const now = Date.now();
      const put = async (file: string, ageMs: number) => {
        await writeFile(file, "{}");
        const at = (now - ageMs) / 1000;
        await utimes(file, at, at);
      };
      await put(path.join(tasks, "old.json"), 2 * 3_600_000);
      await put(path.join(tasks, "new.json"), 60_000);
      await put(path.join(results, "old.jpeg"), 2 * 3_600_000);
      await put(path.join(results, "new.jpeg"), 1000);
      expect(await pruneSandboxFiles(3_600_000, now)).toBe(2);
      expect(await readdir(tasks)).toEqual(["new.json"]);
      expect(await readdir(results)).toEqual(["new.jpeg"]);
      // Past the cap the oldest go, however young.
      await Promise.all(Array.from({ length: SANDBOX_MAX_FILES + 5 }, (_, i) => put(path.join(tasks, `t${i}.json`), 120_000 + i)));
      expect(await pruneSandboxFiles(3_600_000, now)).toBe(6);
      const left = await readdir(tasks);
      expect(left).toHaveLength(SANDBOX_MAX_FILES);
      expect(left).toContain("new.json");
      expect(left).not.toContain(`t${SANDBOX_MAX_FILES + 4}.json`);
    } finally {
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
      resetEnvCache();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
