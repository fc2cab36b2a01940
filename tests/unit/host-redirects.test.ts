import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersForHop, MAX_REDIRECTS, sendRequest } from "@/lib/providers/http";
import { ProviderError } from "@/lib/providers/errors";
import { resetEnvCache } from "@/lib/env";
import type { HttpExchange } from "@/lib/providers/types";

/**
 * Redirects from a host, over real HTTP on two loopback origins: followed by hand, a few hops at
 * most, and no header carrying the key ever reaches another origin. "Elsewhere" stands for another
 * public host (named in IMAGE_FETCH_ALLOW_HOSTS: on loopback, the address guard would refuse it).
 */
const KEY = "host-key-0123456789abcdef";

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
    handler(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let host: Awaited<ReturnType<typeof serve>>;
let elsewhere: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  elsewhere = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "moved-task" })));
  process.env.IMAGE_FETCH_ALLOW_HOSTS = new URL(elsewhere.origin).host;
  resetEnvCache();
  host = await serve((req, res) => {
    const to = (status: number, location: string) => res.writeHead(status, { location }).end();
    switch (req.url) {
      case "/same":
        return to(307, "/final");
      case "/final":
        return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "task-1" }));
      case "/cross":
        return to(307, `${elsewhere.origin}/v1/submit?from=host`);
      case "/cross-303":
        return to(303, `${elsewhere.origin}/v1/result`);
      case "/loop":
        return to(302, "/loop");
      case "/metadata":
        return to(307, "http://169.254.169.254/latest/meta-data/");
      case "/unlisted-loopback":
        return to(307, `http://localhost:${new URL(elsewhere.origin).port}/v1/submit`);
      case "/file-scheme":
        return to(302, "file:///etc/passwd");
      case "/echo-key":
        return res.writeHead(401, { "content-type": "application/json", "www-authenticate": `Bearer realm="x", key="${req.headers["x-key"]}"` }).end(JSON.stringify({ detail: `Invalid key Bearer ${req.headers["x-key"]}` }));
      default:
        return res.writeHead(404).end();
    }
  });
});
afterAll(async () => {
  delete process.env.IMAGE_FETCH_ALLOW_HOSTS;
  resetEnvCache();
  await host.close();
  await elsewhere.close();
});

const keyHeaders = { "x-key": KEY, "X-API-Key": KEY, Authorization: `Bearer ${KEY}`, "content-type": "application/json", "x-trace": "kept" };

function post(path: string, record?: (e: HttpExchange) => void) {
  return sendRequest({ method: "POST", url: `${host.origin}${path}`, headers: keyHeaders, body: { prompt: "p" } }, { baseUrl: host.origin, apiKey: KEY, record });
}

describe("redirects from a host", () => {
  it("follows a same-origin redirect with the key and the body (307 keeps both)", async () => {
    const before = host.seen.length;
    const res = await post("/same");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: "task-1" });
    const final = host.seen.slice(before).find((s) => s.path === "/final")!;
    expect(final).toMatchObject({ method: "POST", body: JSON.stringify({ prompt: "p" }) });
    expect(final.headers["x-key"]).toBe(KEY);
  });

  it("never sends a key header to another origin, whatever the host calls it", async () => {
    const before = elsewhere.seen.length;
    const res = await post("/cross");
    expect(res.json).toEqual({ id: "moved-task" });
    const [moved] = elsewhere.seen.slice(before);
    expect(moved).toMatchObject({ method: "POST", path: "/v1/submit?from=host", body: JSON.stringify({ prompt: "p" }) });
    expect(moved.headers["x-key"]).toBeUndefined();
    expect(moved.headers["x-api-key"]).toBeUndefined();
    expect(moved.headers.authorization).toBeUndefined();
    expect(moved.headers["x-trace"]).toBe("kept");
    expect(JSON.stringify(moved.headers)).not.toContain(KEY);
  });

  it("continues a 303 as a GET without the body, and without the key at another origin", async () => {
    const before = elsewhere.seen.length;
    await post("/cross-303");
    const [moved] = elsewhere.seen.slice(before);
    expect(moved).toMatchObject({ method: "GET", body: "" });
    expect(moved.headers["content-type"]).toBeUndefined();
    expect(JSON.stringify(moved.headers)).not.toContain(KEY);
  });

  it(`gives up after ${MAX_REDIRECTS} hops with a provider_error`, async () => {
    const before = host.seen.length;
    const error = await post("/loop").catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "provider_error", message: expect.stringMatching(/redirected more than 3 times/) });
    expect(host.seen.length - before).toBe(MAX_REDIRECTS + 1);
  });

  it.each([
    ["the cloud's metadata address", "/metadata", /link-local|metadata/],
    ["a loopback name not allowed", "/unlisted-loopback", /loopback/],
  ])("refuses a redirect to %s before connecting, with the key nowhere", async (_what, path, rule) => {
    const before = elsewhere.seen.length;
    const error = await post(path).catch((e) => e);
    expect(error).toMatchObject({ code: "provider_error", retryable: false, message: expect.stringMatching(rule) });
    expect(elsewhere.seen.length).toBe(before);
  });

  it("refuses a polling URL a host hands over that leads to a private address", async () => {
    const error = await sendRequest({ method: "GET", url: "http://10.1.2.3/v1/get_result?id=1", headers: { "x-key": KEY } }, { baseUrl: host.origin, apiKey: KEY }).catch((e) => e);
    expect(error).toMatchObject({ code: "provider_error", retryable: false, message: expect.stringMatching(/Not sent: .*private/) });
  });

  it("refuses a redirect to anything but http(s)", async () => {
    const error = await post("/file-scheme").catch((e) => e);
    expect(error).toMatchObject({ code: "provider_error", retryable: false, message: expect.stringMatching(/file: address/) });
  });

  it.each([
    ["same origin", "http://a.test:8080/x", "http://a.test:8080/y", true],
    ["another port", "http://a.test:8080/x", "http://a.test:8081/x", false],
    ["https to http", "https://a.test/x", "http://a.test/x", false],
    ["another name", "https://a.test/x", "https://b.a.test/x", false],
  ])("headersForHop: %s", (_what, from, to, keeps) => {
    const next = headersForHop({ ...keyHeaders, Cookie: "s=1" }, new URL(from), new URL(to), KEY);
    if (keeps) expect(next).toEqual({ ...keyHeaders, Cookie: "s=1" });
    else expect(next).toEqual({ "content-type": "application/json", "x-trace": "kept" });
  });
});

describe("what a host says comes back scrubbed", () => {
  it("a key echoed in the body and the headers reaches neither the adapter nor the record", async () => {
    const recorded: HttpExchange[] = [];
    const res = await sendRequest({ method: "GET", url: `${host.origin}/echo-key`, headers: { "x-key": KEY } }, { baseUrl: host.origin, apiKey: KEY, record: (e) => recorded.push(e) });
    expect(res.status).toBe(401);
    expect(res.text).toBe(JSON.stringify({ detail: "Invalid key Bearer <redacted>" }));
    expect(res.json).toEqual({ detail: "Invalid key Bearer <redacted>" });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="x", key="<redacted>"');
    expect(JSON.stringify(recorded[0].response)).not.toContain(KEY);
  });

  it("a key with a control character fails without quoting the key in the error", async () => {
    // A control character inside the key (at the ends, fetch trims whitespace away): undici quotes the header value in its error.
    const bad = `${KEY.slice(0, 12)}\n${KEY.slice(12)}`;
    const recorded: HttpExchange[] = [];
    const error = await sendRequest({ method: "GET", url: `${host.origin}/final`, headers: { Authorization: `Bearer ${bad}` } }, { baseUrl: host.origin, apiKey: bad, record: (e) => recorded.push(e) }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.code).toBe("network");
    for (const part of [KEY.slice(0, 12), KEY.slice(12)]) {
      expect(error.message).not.toContain(part);
      expect(JSON.stringify(recorded[0].response)).not.toContain(part);
    }
  });
});
