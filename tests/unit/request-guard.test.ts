import { describe, expect, it } from "vitest";
import { guardRequest, hostKnown } from "@/lib/security/request-guard";

const request = (method: string, pathname: string, headers: Record<string, string>, checkHost = true, knownHosts: string[] = []) =>
  guardRequest({ method, pathname, headers: new Headers({ host: "127.0.0.1:3000", ...headers }), checkHost, knownHosts });

describe("the JSON API refuses what another site sends", () => {
  it("passes same-site calls and scripts (no Origin)", () => {
    expect(request("POST", "/api/v1/generations", { "content-type": "application/json", "content-length": "20" })).toBeNull();
    expect(request("POST", "/api/v1/generations", { origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8", "content-length": "20" })).toBeNull();
    expect(request("POST", "/api/v1/generations/abc/cancel", {})).toBeNull();
    expect(request("GET", "/api/v1/history", { origin: "https://evil.test", "sec-fetch-site": "cross-site" })).toBeNull();
  });

  it("refuses a foreign Origin or Sec-Fetch-Site on a state-changing call", () => {
    expect(request("POST", "/api/v1/generations", { origin: "https://evil.test", "content-type": "application/json", "content-length": "20" })).toMatchObject({ status: 403, code: "cross_site" });
    expect(request("DELETE", "/api/v1/shares/x", { "sec-fetch-site": "cross-site" })).toMatchObject({ status: 403, code: "cross_site" });
    expect(request("POST", "/api/v1/comparisons", { "sec-fetch-site": "same-site" })).toMatchObject({ status: 403 });
    expect(request("POST", "/api/v1/comparisons", { origin: "null" })).toMatchObject({ status: 403 });
    // Behind a proxy the public name arrives as X-Forwarded-Host.
    expect(request("POST", "/api/v1/tokens", { origin: "https://flux.example.com", "x-forwarded-host": "flux.example.com", "content-type": "application/json", "content-length": "2" }, false)).toBeNull();
  });

  it("refuses a body that is not JSON (a cross-site form or text/plain fetch)", () => {
    expect(request("POST", "/api/v1/generations", { "content-type": "text/plain;charset=UTF-8", "content-length": "80" })).toMatchObject({ status: 415, code: "unsupported_media_type" });
    expect(request("PUT", "/api/v1/keys/bfl", { "transfer-encoding": "chunked" })).toMatchObject({ status: 415 });
  });

  it("in local mode answers only to loopback names and the configured hosts", () => {
    expect(request("GET", "/", { host: "evil.test" })).toMatchObject({ status: 421, code: "unknown_host" });
    expect(request("GET", "/", { host: "evil.test", "x-forwarded-host": "localhost" })).toMatchObject({ status: 421 });
    expect(request("GET", "/", { host: "evil.test" }, false)).toBeNull();
    for (const host of ["localhost:3000", "127.0.0.1", "[::1]:3000", "app.localhost"]) expect(hostKnown(host, [])).toBe(true);
    expect(hostKnown("flux.lan:3000", ["flux.lan"])).toBe(true);
    expect(hostKnown("flux.lan:3001", ["flux.lan:3000"])).toBe(false);
    expect(hostKnown("192.168.1.5:3000", ["192.168.1.5:3000"])).toBe(true);
    expect(hostKnown("127.0.0.1.evil.test", [])).toBe(false);
  });
});
