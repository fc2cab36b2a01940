import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import path from "node:path";
import sharp from "sharp";
import type { GenerationDto } from "@/lib/jobs/types";
import { freePort, startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { createTestData, type TestData } from "./helpers/test-database";

/**
 * The production build's answers as a browser and an attacker see them: security headers on pages,
 * the API, images, share pages and cards (and on the proxy's own refusals), a CSP nonce that matches
 * the page's scripts, share links on APP_URL whatever the Host says, hostile prompts as text, and
 * a share card drawn with no network access at all.
 */
const EGRESS_RECORDER = path.resolve(import.meta.dirname, "../support/egress-recorder.cjs");
/** Markup, script, an RTL override, zero-width characters, emoji, CJK and RTL scripts. */
const HOSTILE_PROMPT = '<script>alert(1)</script><img src=x onerror=alert(2)> & \u202Egnp.exe\u202C zero\u200Bwidth\u200D join 🦊 你好 שלום مرحبا';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP request (fetch cannot set Host). */
function request(origin: string, pathname: string, { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${pathname}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const csp = (answer: Answer) => String(answer.headers["content-security-policy"] ?? "");
const directive = (policy: string, name: string) => policy.split(";").map((d) => d.trim()).find((d) => d.split(" ")[0] === name);

function expectBaseHeaders(answer: Answer) {
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(answer.headers["permissions-policy"]).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/);
  expect(csp(answer)).not.toBe("");
  expect(csp(answer)).not.toContain("unsafe-eval");
}

function expectNotFramable(answer: Answer) {
  expect(directive(csp(answer), "frame-ancestors")).toBe("frame-ancestors 'none'");
  expect(answer.headers["x-frame-options"]).toBe("DENY");
}

function expectFramable(answer: Answer) {
  expect(directive(csp(answer), "frame-ancestors")).toBe("frame-ancestors *");
  expect(answer.headers["x-frame-options"]).toBeUndefined();
}

/** Every <script> of a page carries the nonce of its response's CSP (else the browser would block it). */
function expectScriptsNonced(answer: Answer) {
  const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(directive(csp(answer), "script-src") ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const scripts = answer.body.toString("utf8").match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  return nonce!;
}

describe("security headers, share links and cards on the production build", () => {
  let data: TestData;
  let server: AppServer;
  let origin: string;
  let sharePath: string;
  let imageUrl: string;

  beforeAll(async () => {
    data = await createTestData("pglite");
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    server = await startAppServer(
      {
        DATA_DIR: data.dataDir,
        DATABASE_URL: undefined,
        APP_URL: origin,
        // A name that passes the Host check, so the test can show it is not reflected into links.
        ALLOWED_HOSTS: "rebound.test",
        SANDBOX_LATENCY_MS: "200",
        JOB_POLL_INTERVAL_MS: "50",
        NODE_OPTIONS: `--require ${EGRESS_RECORDER}`,
      },
      port,
    );
    const created = await request(origin, "/api/v1/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "flux-pro-1.1", provider: "bfl", params: { prompt: HOSTILE_PROMPT, width: 256, height: 256, seed: 9 } }),
    });
    expect(created.status).toBe(202);
    const { id } = JSON.parse(created.body.toString()) as { id: string };
    const done = await waitFor(
      async () => {
        const g = JSON.parse((await request(origin, `/api/v1/generations/${id}`)).body.toString()) as GenerationDto;
        if (g.status === "failed" || g.status === "canceled") throw new Error(`The generation ${g.status}: ${JSON.stringify(g.error)}`);
        return g.status === "succeeded" ? g : null;
      },
      30_000,
      "the generation",
    );
    imageUrl = done.images[0].url;
    // The share API answers with APP_URL's origin, whatever Host the request named.
    const shared = await request(origin, "/api/v1/shares", { method: "POST", headers: { "content-type": "application/json", host: "rebound.test" }, body: JSON.stringify({ generationId: id }) });
    expect(shared.status).toBe(201);
    const { url } = JSON.parse(shared.body.toString()) as { url: string };
    expect(url).toMatch(new RegExp(`^${origin}/s/[A-Za-z0-9_-]{22}$`));
    sharePath = new URL(url).pathname;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  it("/: a strict CSP whose nonce is on every script and new per request; not framable", async () => {
    const home = await request(origin, "/");
    expect(home.status).toBe(200);
    expectBaseHeaders(home);
    expectNotFramable(home);
    const policy = csp(home);
    expect(directive(policy, "script-src")).toMatch(/^script-src 'self' 'nonce-[^']+' 'strict-dynamic'$/);
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "base-uri")).toBe("base-uri 'none'");
    const nonce = expectScriptsNonced(home);
    const again = await request(origin, "/");
    expect(expectScriptsNonced(again)).not.toBe(nonce);
  });

  it("every page renders with its nonce: compare, history, hosts, leaderboard, keys, a 404", async () => {
    for (const page of ["/compare", "/history", "/hosts", "/leaderboard", "/keys", "/no-such-page"]) {
      const answer = await request(origin, page);
      expect(answer.status, page).toBe(page === "/no-such-page" ? 404 : 200);
      expectBaseHeaders(answer);
      expectNotFramable(answer);
      expectScriptsNonced(answer);
    }
  });

  it("the API and the proxy's own refusals carry the headers, with a policy that runs nothing", async () => {
    const models = await request(origin, "/api/v1/models");
    expect(models.status).toBe(200);
    expectBaseHeaders(models);
    expectNotFramable(models);
    expect(csp(models)).toMatch(/^default-src 'none'/);
    const refused = await request(origin, "/api/v1/generations", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(refused.status).toBe(415);
    expectBaseHeaders(refused);
    const unknownHost = await request(origin, "/", { headers: { host: "evil.test" } });
    expect(unknownHost.status).toBe(421);
    expectBaseHeaders(unknownHost);
    expectNotFramable(unknownHost);
  });

  it("images: their exact type, nosniff, and an attachment with a file name for downloads", async () => {
    const ext = /\.(jpeg|png|webp)$/.exec(imageUrl)![1];
    const image = await request(origin, imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers["content-type"]).toBe(`image/${ext}`);
    expect((await sharp(image.body).metadata()).format).toBe(ext === "jpeg" ? "jpeg" : ext);
    expectBaseHeaders(image);
    expect(image.headers["content-disposition"]).toBeUndefined();
    const download = await request(origin, `${imageUrl}?download=1`);
    expect(download.headers["content-disposition"]).toMatch(new RegExp(`^attachment; filename="flux-[0-9a-f]{12}\\.${ext === "jpeg" ? "jpg" : ext}"$`));
    const thumb = await request(origin, imageUrl.replace(/\.(jpeg|png|webp)$/, ".thumb.webp"));
    expect(thumb.headers["content-type"]).toBe("image/webp");
  });

  it("Next's static files carry nosniff too", async () => {
    const home = (await request(origin, "/")).body.toString("utf8");
    const asset = /\/_next\/static\/[^"']+\.js/.exec(home)![0];
    const answer = await request(origin, asset);
    expect(answer.status).toBe(200);
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("a share page may be framed, shows the hostile prompt as text, and points og:image at APP_URL, not at the Host", async () => {
    const page = await request(origin, sharePath, { headers: { host: "rebound.test", "x-forwarded-host": "rebound.test" } });
    expect(page.status).toBe(200);
    expectBaseHeaders(page);
    expectFramable(page);
    expectScriptsNonced(page);
    const html = page.body.toString("utf8");
    expect(html).not.toContain("rebound.test");
    const ogImage = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
    expect(ogImage?.startsWith(`${origin}${sharePath}/opengraph-image`)).toBe(true);
    // Markup is text: escaped in the HTML, never an element.
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
    // The prompt is there whole (bidi and zero-width characters kept), in an element that isolates its direction.
    expect(html).toMatch(/<p data-testid="share-prompt" dir="auto"[^>]*>[^<]*\u202Egnp\.exe\u202C zero\u200Bwidth\u200D join 🦊 你好 שלום مرحبا<\/p>/);
    // The title isolates the prompt: an override in it cannot reorder the rest of the title.
    expect(html).toMatch(/<title>“\u2068[^<]*\u2069”/);
  });

  it("the card: 200 image/png 1200x630, framable, cached with an ETag, drawn without any network access", async () => {
    const html = (await request(origin, sharePath)).body.toString("utf8");
    const cardPath = new URL(/<meta property="og:image" content="([^"]+)"/.exec(html)![1].replace(/&amp;/g, "&")).pathname;
    const before = server.output();
    const card = await request(origin, cardPath, { headers: { host: "rebound.test" } });
    expect(card.status).toBe(200);
    expect(card.headers["content-type"]).toBe("image/png");
    expect(await sharp(card.body).metadata()).toMatchObject({ format: "png", width: 1200, height: 630 });
    expectBaseHeaders(card);
    expectFramable(card);
    expect(card.headers["cache-control"]).toBe("public, max-age=300");
    const etag = String(card.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await request(origin, cardPath, { headers: { "if-none-match": etag } })).status).toBe(304);
    // The recorder prints a line for any connection or name lookup beyond loopback (it works: see below),
    // and it is loaded in the server.
    expect(server.output()).toContain("[egress-recorder] active");
    const during = server.output().slice(before.length);
    expect(during).not.toContain("[egress]");
    expect(server.output()).not.toContain("[egress]");
    // Nothing of the prompt reached the log either.
    expect(server.output()).not.toContain("gnp.exe");
  });

  it("(control) the egress recorder does see a connection beyond loopback", async () => {
    const { execFile } = await import("node:child_process");
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, ["--require", EGRESS_RECORDER, "-e", 'fetch("http://cdn.example.invalid/font.ttf").catch(() => {})'], (_error, stdout, stderr) => resolve(stdout + stderr));
    });
    expect(output).toContain("[egress] cdn.example.invalid");
  });
});
