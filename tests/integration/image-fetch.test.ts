import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as comparisonsRoute from "@/app/api/v1/comparisons/route";
import * as generationsRoute from "@/app/api/v1/generations/route";
import { currentUserId } from "@/lib/auth/current-user";
import { createComparison } from "@/lib/compare/service";
import { getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { comparisons, generations } from "@/lib/db/schema";
import { runGeneration } from "@/lib/jobs/runner";
import { createGeneration, getGenerationDto } from "@/lib/jobs/service";
import { ProviderError } from "@/lib/providers/errors";
import { downloadFile } from "@/lib/providers/http";
import { guardedFetch, GuardedFetchError } from "@/lib/security/guarded-fetch";
import { startImageServer, solidPng, type ImageServer } from "../support/image-server";
import { useAppEnv } from "./helpers/app-env";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { createTestData, type TestData } from "./helpers/test-database";

/**
 * Fetching what users and hosts point at, over real HTTP: a website on loopback exempted by
 * IMAGE_FETCH_ALLOW_HOSTS, another loopback server that is not (it must never be asked), and the
 * hosts' sandboxes counting what was submitted to them.
 */
describe("image prompt by URL, and result downloads, through the address guard", () => {
  let images: ImageServer;
  let forbidden: ImageServer;
  let sandbox: SandboxServer;
  let data: TestData;
  let env: { restore: () => Promise<void> };
  let userId: string;
  const submits: { path: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    images = await startImageServer();
    forbidden = await startImageServer();
    sandbox = await startSandboxServer({
      onRequest: (request) => {
        const url = new URL(request.url);
        if (request.method !== "POST") return;
        void request
          .clone()
          .json()
          .then((body) => submits.push({ path: url.pathname, body }));
      },
    });
    data = await createTestData("pglite");
    env = await useAppEnv(data, {
      APP_URL: sandbox.origin,
      SANDBOX_LATENCY_MS: "100",
      JOB_POLL_INTERVAL_MS: "50",
      JOB_DEADLINE_MS: "20000",
      IMAGE_FETCH_ALLOW_HOSTS: `127.0.0.1:${images.port}`,
    });
    userId = await currentUserId();
  }, 180_000);
  afterAll(async () => {
    await env.restore();
    await Promise.all([images.close(), forbidden.close(), sandbox.close()]);
    await data.dispose();
  });
  beforeEach(() => {
    submits.length = 0;
  });

  const generation = (imagePrompt: string, provider = "bfl") => ({
    model: "flux-pro-1.1",
    provider,
    params: { prompt: "a fox, after the reference", width: 256, height: 256, seed: 3, image_prompt: imagePrompt },
  });
  const rowCount = async () => ({
    generations: (await (await getDb()).select({ id: generations.id }).from(generations)).length,
    comparisons: (await (await getDb()).select({ id: comparisons.id }).from(comparisons)).length,
  });
  const post = (route: { POST: (r: Request) => Promise<Response> }, url: string, body: unknown) =>
    route.POST(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

  /** Creating it fails on image_prompt with this message; nothing is stored or submitted. */
  async function expectRefused(imagePrompt: string, message: string | RegExp) {
    const before = await rowCount();
    const created = await createGeneration(generation(imagePrompt), userId);
    expect(created.ok).toBe(false);
    if (created.ok) return;
    expect(created.issues).toHaveLength(1);
    expect(created.issues[0].path).toBe("params.image_prompt");
    expect(created.issues[0].message).toMatch(message);
    expect(await rowCount()).toEqual(before);
    expect(submits).toEqual([]);
  }

  it("fetches an allowed URL once, stores it like an upload, and sends the host our copy, never the URL", async () => {
    const url = `${images.origin}/fox.png`;
    const hitsBefore = images.hits("/fox.png");
    const created = await createGeneration(generation(url), userId);
    if (!created.ok) throw new Error(created.message);
    expect(images.hits("/fox.png")).toBe(hitsBefore + 1);

    const sha = createHash("sha256").update(images.fox).digest("hex");
    await runGeneration(created.id);
    const dto = (await getGenerationDto(created.id, userId))!;
    expect(dto.status).toBe("succeeded");
    expect(dto.params.image_prompt).toBe(`/api/images/${sha}.png`);
    expect(await readdir(path.join(data.dataDir, "images", sha.slice(0, 2)))).toContain(`${sha}.png`);
    // BFL takes the image prompt as bare base64: exactly our stored bytes.
    expect(submits).toHaveLength(1);
    expect(submits[0].body.image_prompt).toBe(images.fox.toString("base64"));
    expect(JSON.stringify(submits)).not.toContain(images.origin);
    // Running it did not fetch the URL again.
    expect(images.hits("/fox.png")).toBe(hitsBefore + 1);
  });

  it("follows a redirect on the allowed site", async () => {
    const created = await createGeneration(generation(`${images.origin}/to-fox`), userId);
    expect(created.ok).toBe(true);
  });

  it.each([
    ["loopback (another port)", () => `http://127.0.0.1:${forbidden.port}/fox.png`, /^The image URL points at a loopback address 127\.0\.0\.1; only public addresses are fetched$/],
    ["loopback in decimal form", () => `http://2130706433:${forbidden.port}/fox.png`, /a loopback address 127\.0\.0\.1/],
    ["loopback in hex form", () => `http://0x7f.1:${forbidden.port}/fox.png`, /a loopback address 127\.0\.0\.1/],
    ["IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${forbidden.port}/fox.png`, /a loopback address 127\.0\.0\.1 in IPv4-mapped form/],
    ["a private address", () => "http://10.0.0.5/fox.png", /a private address 10\.0\.0\.5/],
    ["the metadata address", () => "http://169.254.169.254/latest/meta-data/", /the cloud metadata address 169\.254\.169\.254/],
  ])("refuses %s with a 400 naming the rule, and asks nobody", async (_label, url, message) => {
    await expectRefused(url(), message);
    expect(forbidden.hits("/fox.png")).toBe(0);
  });

  it("refuses a name that resolves to loopback, checked on the answer the connection uses", async () => {
    await expectRefused(`http://localhost:${forbidden.port}/fox.png`, /localhost resolves to a loopback address (127\.0\.0\.1|::1); only public addresses are fetched/);
    expect(forbidden.hits("/fox.png")).toBe(0);
  });

  it("refuses a redirect to a private address, after asking only the allowed site", async () => {
    await expectRefused(`${images.origin}/to-private`, /^The image URL's redirect to http:\/\/10\.0\.0\.5\/fox\.png points at a private address 10\.0\.0\.5/);
    await expectRefused(`${images.origin}/to-metadata`, /the cloud metadata address 169\.254\.169\.254/);
    await expectRefused(`${images.origin}/to?url=${encodeURIComponent(`http://localhost:${forbidden.port}/fox.png`)}`, /localhost resolves to a loopback address/);
    expect(forbidden.hits("/fox.png")).toBe(0);
  });

  it("follows at most 3 redirects", async () => {
    expect((await createGeneration(generation(`${images.origin}/chain/3`), userId)).ok).toBe(true);
    await expectRefused(`${images.origin}/chain/4`, "The image URL redirects more than 3 times");
  });

  it("stops reading an endless answer at 10 MB, without holding it in memory", async () => {
    const rssBefore = process.memoryUsage().rss;
    await expectRefused(`${images.origin}/endless`, "The image URL answers more than 10 MB, the limit: the download was stopped (10 MB at most)");
    // The site would have sent 600 MB: it was cut off after the cap (plus what sat in socket buffers).
    expect(images.endlessBytesSent()).toBeLessThan(40 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });

  it("refuses a 16000 x 16000 PNG from its header, by URL and by upload", async () => {
    const message = "The image is 16000 x 16000 pixels (256 MP); the limit is 40 MP";
    await expectRefused(`${images.origin}/huge.png`, message);
    await expectRefused(`data:image/png;base64,${solidPng(16000, 16000).toString("base64")}`, message);
  });

  it.each([
    ["an HTML page", "/page.html"],
    ["an SVG", "/image.svg"],
    ["an SVG served as image/png", "/png-named.svg"],
  ])("refuses %s: PNG, JPEG or WebP by their first bytes only", async (_label, file) => {
    await expectRefused(`${images.origin}${file}`, "The file is not a PNG, JPEG or WebP image (judged by its first bytes)");
  });

  it("says the status of a URL that does not answer with an image", async () => {
    await expectRefused(`${images.origin}/missing.png`, "The image URL answered HTTP 404");
  });

  it("answers the JSON API's error envelope: 400 naming the field and the rule", async () => {
    const response = await post(generationsRoute, "http://app/api/v1/generations", generation("http://169.254.169.254/latest/meta-data/"));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toBe("params.image_prompt: The image URL points at the cloud metadata address 169.254.169.254; only public addresses are fetched");
    expect(body.error.issues).toEqual([{ path: "params.image_prompt", message: expect.stringContaining("cloud metadata address") }]);
    expect(submits).toEqual([]);
  });

  describe("comparisons", () => {
    const comparison = (imagePrompt: string) => ({
      model: "flux-pro-1.1",
      providers: ["bfl", "replicate"],
      seeds: [1, 2],
      params: { prompt: "a fox", width: 256, height: 256, image_prompt: imagePrompt },
    });

    it("fetch the URL once for the whole grid; every cell and the comparison keep our copy", async () => {
      const hitsBefore = images.hits("/to-fox");
      const created = await createComparison(comparison(`${images.origin}/to-fox`), userId);
      if (!created.ok) throw new Error(created.message);
      expect(images.hits("/to-fox")).toBe(hitsBefore + 1);
      const stored = `/api/images/${createHash("sha256").update(images.fox).digest("hex")}.png`;
      const cells = await Promise.all(created.generations.map((g) => getGenerationDto(g.id, userId)));
      expect(cells.map((c) => c!.params.image_prompt)).toEqual([stored, stored, stored, stored]);
      const [row] = await (await getDb()).select().from(comparisons).where(eq(comparisons.id, created.id));
      expect((row.params as { image_prompt?: string }).image_prompt).toBe(stored);
    });

    it("refuse a private URL with a 400 and store nothing", async () => {
      const before = await rowCount();
      const response = await post(comparisonsRoute, "http://app/api/v1/comparisons", comparison("http://192.168.1.1/fox.png"));
      expect(response.status).toBe(400);
      expect((await response.json()).error.issues).toEqual([
        { path: "params.image_prompt", message: "The image URL points at a private address 192.168.1.1; only public addresses are fetched" },
      ]);
      expect(await rowCount()).toEqual(before);
      expect(submits).toEqual([]);
    });

    it("refuse an unknown stored image prompt with a 400 (not a 500 after the row is stored)", async () => {
      const before = await rowCount();
      const result = await createComparison(comparison(`/api/images/${"ab".repeat(32)}.png`), userId);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues[0].path).toBe("params.image_prompt");
      expect(await rowCount()).toEqual(before);
    });
  });

  describe("result URLs a host returns (downloadFile)", () => {
    // The host's own origin is the image site here: what it serves directly is trusted.
    const ctx = () => ({ baseUrl: `${images.origin}/v1`, requestTimeoutMs: 5_000 });
    const failure = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProviderError);
      return error as ProviderError;
    };

    it("downloads from the host's own origin", async () => {
      expect(await downloadFile(`${images.origin}/fox.png`, ctx())).toEqual(images.fox);
    });

    it("takes a loopback host's origin under any loopback name (Next reports 127.0.0.1 as localhost)", async () => {
      // Not in IMAGE_FETCH_ALLOW_HOSTS: trusted only as the host's own origin, whichever name it uses.
      const host = { baseUrl: `${forbidden.origin}/api/sandbox/bfl`, requestTimeoutMs: 5_000 };
      expect(await downloadFile(`http://localhost:${forbidden.port}/chain/0`, host)).toEqual(forbidden.fox);
      expect(await downloadFile(`http://127.0.0.1:${forbidden.port}/chain/0`, host)).toEqual(forbidden.fox);
      // Another port on loopback is another server: refused.
      const error = await failure(downloadFile(`http://localhost:${images.port}/chain/0`, host));
      expect(error.message).toContain("localhost resolves to a loopback address");
    });

    it.each([
      ["a private address", "http://10.0.0.5/out.png", "a private address 10.0.0.5"],
      ["the metadata address", "http://169.254.169.254/latest/meta-data/iam/", "the cloud metadata address 169.254.169.254"],
      ["another loopback port", "FORBIDDEN", "a loopback address 127.0.0.1"],
    ])("refuses a result at %s, for good (no retry)", async (_label, url, rule) => {
      const error = await failure(downloadFile(url === "FORBIDDEN" ? `${forbidden.origin}/fox.png` : url, ctx()));
      expect([error.code, error.retryable]).toEqual(["provider_error", false]);
      expect(error.message).toContain(rule);
      expect(forbidden.hits("/fox.png")).toBe(0);
    });

    it("refuses a redirect from the host's origin to a private address", async () => {
      const error = await failure(downloadFile(`${images.origin}/to-private`, ctx()));
      expect(error.message).toBe("The result was not downloaded: The host's result URL's redirect to http://10.0.0.5/fox.png points at a private address 10.0.0.5; only public addresses are fetched");
    });

    it("stops a result larger than MAX_IMAGE_BYTES while it streams", async () => {
      process.env.MAX_IMAGE_BYTES = String(2 * 1024 * 1024);
      resetEnvCache();
      try {
        const error = await failure(downloadFile(`${images.origin}/endless`, ctx()));
        expect([error.code, error.retryable]).toEqual(["provider_error", false]);
        expect(error.message).toBe("The host's result URL answers more than 2 MB, the limit: the download was stopped (MAX_IMAGE_BYTES)");
        const inline = `data:image/png;base64,${Buffer.alloc(3 * 1024 * 1024).toString("base64")}`;
        expect((await failure(downloadFile(inline, ctx()))).message).toBe("The host's result is larger than 2 MB (MAX_IMAGE_BYTES)");
      } finally {
        delete process.env.MAX_IMAGE_BYTES;
        resetEnvCache();
      }
    });
  });

  describe("guardedFetch", () => {
    it("ends a URL that never answers as a timeout", async () => {
      const error = await guardedFetch(`${images.origin}/hang`, { maxBytes: 1024, timeoutMs: 300, allowHosts: [{ hostname: "127.0.0.1", port: String(images.port) }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GuardedFetchError);
      expect((error as GuardedFetchError).kind).toBe("timeout");
    });

    it("refuses a Content-Length above the cap without reading the body", async () => {
      const error = await guardedFetch(`${images.origin}/huge.png`, { maxBytes: 1024, timeoutMs: 5_000, allowHosts: [{ hostname: "127.0.0.1", port: String(images.port) }] }).catch((e: unknown) => e);
      expect((error as GuardedFetchError).kind).toBe("too_large");
    });
  });
});
