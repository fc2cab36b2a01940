import { describe, expect, it } from "vitest";
import { forwardNonce, isFramable, pageContentSecurityPolicy, securityPolicy } from "@/lib/security/headers";
import { exposureVerdict, isLoopbackHost, listenHostOf } from "@/lib/security/exposure";

describe("the security headers of a response", () => {
  it("pages: a script nonce new per request, no eval in production, not framable", () => {
    const a = securityPolicy("/");
    const b = securityPolicy("/");
    expect(a.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a.nonce).not.toBe(b.nonce);
    const csp = a.headers["Content-Security-Policy"];
    expect(csp).toContain(`script-src 'self' 'nonce-${a.nonce}' 'strict-dynamic'`);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(a.headers).toMatchObject({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin" });
  });

  it("only the dev server gets 'unsafe-eval' (React's dev tools) and inline styles", () => {
    expect(pageContentSecurityPolicy({ nonce: "n", framable: false, dev: true })).toContain("'unsafe-eval'");
    expect(pageContentSecurityPolicy({ nonce: "n", framable: false, dev: false })).not.toMatch(/unsafe-eval|style-src 'self' 'unsafe-inline'/);
  });

  it("share pages and their cards may be framed; nothing else", () => {
    expect(isFramable("/s/abc")).toBe(true);
    expect(isFramable("/s/abc/opengraph-image-1x2y")).toBe(true);
    for (const path of ["/", "/compare", "/signin", "/api/v1/shares", "/share"]) expect(isFramable(path)).toBe(false);
    const share = securityPolicy("/s/abc");
    expect(share.headers["Content-Security-Policy"]).toContain("frame-ancestors *");
    expect(share.headers["X-Frame-Options"]).toBeUndefined();
  });

  it("the API and images run nothing: default-src 'none', no nonce forwarded", () => {
    const api = securityPolicy("/api/images/x.png");
    expect(api.nonce).toBe("");
    expect(api.headers["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    const headers = new Headers();
    forwardNonce(headers, api);
    expect(headers.has("content-security-policy")).toBe(false);
  });

  it("a page's nonce reaches Next through the request's CSP header", () => {
    const page = securityPolicy("/history");
    const headers = new Headers({ "content-security-policy": "forged 'nonce-attacker'" });
    forwardNonce(headers, page);
    expect(headers.get("content-security-policy")).toBe(page.headers["Content-Security-Policy"]);
    expect(headers.get("x-nonce")).toBe(page.nonce);
  });

  it("the sign-in page may post to the identity provider", () => {
    expect(securityPolicy("/signin").headers["Content-Security-Policy"]).not.toContain("form-action");
  });
});

describe("exposure at start-up", () => {
  it("knows loopback names", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "app.localhost"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.5", "example.com", "128.0.0.1"]) expect(isLoopbackHost(host)).toBe(false);
  });

  it("finds the address next listens on: -H, --hostname, HOST for next dev's server process", () => {
    const cli = ["/usr/bin/node", "/app/node_modules/next/dist/bin/next", "start"];
    expect(listenHostOf([...cli, "-p", "3000", "-H", "127.0.0.1"], undefined)).toBe("127.0.0.1");
    expect(listenHostOf([...cli, "--hostname=0.0.0.0"], "127.0.0.1")).toBe("0.0.0.0");
    // The CLI without -H listens everywhere: HOST is ours, next ignores it.
    expect(listenHostOf(cli, "127.0.0.1")).toBeUndefined();
    expect(listenHostOf(["/usr/bin/node", "/app/node_modules/next/dist/server/lib/start-server.js"], "127.0.0.1")).toBe("127.0.0.1");
  });

  it("says where it listens; warns beyond loopback without sign-in; requires APP_URL there", () => {
    expect(exposureVerdict({ listenHost: "127.0.0.1", teamMode: false, publicUrl: undefined })).toMatchObject({ level: "info", message: expect.stringContaining("listening on 127.0.0.1 only") });
    expect(exposureVerdict({ listenHost: "0.0.0.0", teamMode: false, publicUrl: undefined })).toMatchObject({ level: "error", message: expect.stringMatching(/^APP_URL is required/) });
    expect(exposureVerdict({ listenHost: undefined, teamMode: true, publicUrl: undefined })).toMatchObject({ level: "error" });
    expect(exposureVerdict({ listenHost: "192.168.1.5", teamMode: false, publicUrl: "http://flux.lan:3000" })).toMatchObject({ level: "warn", message: expect.stringContaining("without sign-in") });
    expect(exposureVerdict({ listenHost: "0.0.0.0", teamMode: true, publicUrl: "https://flux.example.com" })).toMatchObject({ level: "info" });
  });
});
