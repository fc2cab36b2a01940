import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { apiTokens } from "@/lib/db/schema";
import { startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { useAppEnv } from "./helpers/app-env";
import { seedPeople, TEAM_ENV, type Person } from "./helpers/team";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/** Team mode over real HTTP: personal API tokens, 401s, and the admin's limits (production build). */
describe.each(backends())("tokens and admin limits on %s", (backend) => {
  let data: TestData;
  let server: AppServer;
  let alice: Person; // an admin
  let bob: Person;
  const kept: { id?: string; token?: string } = {};

  beforeAll(async () => {
    data = await createTestData(backend);
    [alice, bob] = await seedPeople(data, [
      { id: "alice", email: "alice@example.com", name: "Alice" },
      { id: "bob", email: "bob@example.com", name: "Bob" },
    ]);
    server = await startAppServer({
      DATA_DIR: data.dataDir,
      DATABASE_URL: data.databaseUrl,
      ...TEAM_ENV,
      AUTH_ADMIN_EMAILS: "alice@example.com",
      USER_RATE_LIMIT_PER_MINUTE: "20",
      SANDBOX_LATENCY_MS: "200",
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await data?.dispose();
  });

  const api = (path: string, init: RequestInit & { as?: Person; bearer?: string; json?: unknown } = {}) => {
    const { as, bearer, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (as) headers.set("cookie", as.cookie);
    if (bearer) headers.set("authorization", `Bearer ${bearer}`);
    if (json !== undefined) headers.set("content-type", "application/json");
    return fetch(`${server.origin}${path}`, { ...rest, headers, redirect: "manual", body: json === undefined ? rest.body : JSON.stringify(json) });
  };
  /** A server stopped in the middle of a run waits for it, and the run for the server's own sandbox. */
  const allRunsEnded = () =>
    waitFor(
      async () => {
        for (const who of [alice, bob]) {
          const { items } = await (await api("/api/v1/generations?limit=100", { as: who })).json();
          if (items.some((g: { status: string }) => g.status === "queued" || g.status === "running")) return false;
        }
        return true;
      },
      20_000,
      "every run to end",
    );
  const run = { model: "flux-pro-1.1", provider: "fal", params: { prompt: "token run", width: 256, height: 256 } };

  it("answers 401 with the API's envelope to a request without credentials", async () => {
    for (const [path, method] of [
      ["/api/v1/generations", "GET"],
      ["/api/v1/tokens", "GET"],
      ["/api/v1/tokens", "POST"],
      ["/api/v1/limits", "GET"],
      ["/api/v1/admin/users", "GET"],
    ] as const) {
      const res = await api(path, { method, ...(method === "POST" ? { json: { name: "x" } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect((await api("/api/v1/generations", { bearer: "fpt_not-a-real-token" })).status).toBe(401);
    expect((await api("/api/health")).status).toBe(200);
    // The sandbox hosts, reachable without sign-in, take runs only with this instance's own key.
    const submit = (key: string) => api("/api/sandbox/bfl/v1/flux-pro-1.1", { method: "POST", headers: { "x-key": key }, json: { prompt: "a stranger's run" } });
    const refused = await submit("sandbox-key");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
    expect((await submit("anything")).status).toBe(403);
  });

  it("renews a session in use (row and cookie, 30 days on), at most once a day", async () => {
    // seedPeople's sessions end in a day: the first request moves the end.
    const first = await api("/api/v1/limits", { as: bob });
    expect(first.status).toBe(200);
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(bob.cookie.split(";")[0]);
    const expires = new Date(/Expires=([^;]+)/i.exec(cookie)![1]).getTime();
    expect(expires).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const again = await api("/api/v1/limits", { as: bob });
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("makes a token with a session, shows it once, and the API accepts it as its owner", async () => {
    const res = await api("/api/v1/tokens", { method: "POST", as: alice, json: { name: "  CI  " } });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = await res.json();
    expect(Object.keys(created).sort()).toEqual(["createdAt", "id", "name", "token"]);
    expect(created.name).toBe("CI");
    expect(created.token).toMatch(/^fpt_[A-Za-z0-9_-]{43}$/);

    const posted = await api("/api/v1/generations", { method: "POST", bearer: created.token, json: run });
    expect(posted.status).toBe(202);
    const { id } = await posted.json();
    // The token acts as Alice: her session sees the run, Bob's does not.
    expect((await api(`/api/v1/generations/${id}`, { as: alice })).status).toBe(200);
    expect((await api(`/api/v1/generations/${id}`, { as: bob })).status).toBe(404);
    expect((await api("/api/v1/generations", { bearer: created.token })).status).toBe(200);
    // The images the API links to open with the same token; to anyone else they do not exist.
    const done = await waitFor(
      async () => {
        const g = await (await api(`/api/v1/generations/${id}`, { bearer: created.token })).json();
        return g.status === "succeeded" ? (g as { images: { url: string }[] }) : null;
      },
      20_000,
      "the token's run to succeed",
    );
    expect((await api(done.images[0].url, { bearer: created.token })).status).toBe(200);
    expect((await api(done.images[0].url, { as: bob })).status).toBe(404);
    expect((await api(done.images[0].url)).status).toBe(404);
    // A token where tokens are not taken is ignored: the page goes by the session.
    expect((await api("/hosts", { bearer: created.token, as: alice })).status).toBe(200);
    expect((await api("/hosts", { bearer: created.token })).status).toBe(307);

    const list = await api("/api/v1/tokens", { as: alice });
    const text = await list.text();
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(createHash("sha256").update(created.token).digest("hex"));
    const tokens = JSON.parse(text);
    expect(tokens).toHaveLength(1);
    expect(Object.keys(tokens[0]).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name"]);
    expect(tokens[0]).toMatchObject({ id: created.id, name: "CI", createdAt: created.createdAt });
    expect(tokens[0].lastUsedAt).not.toBeNull();
    // A token may list its owner's tokens too.
    expect(await (await api("/api/v1/tokens", { bearer: created.token })).json()).toHaveLength(1);
    Object.assign(kept, { id: created.id, token: created.token });
  });

  it("a token cannot make tokens, and a token is for the API only", async () => {
    const res = await api("/api/v1/tokens", { method: "POST", bearer: kept.token, json: { name: "child" } });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe("forbidden");
    expect(body.error.message).toContain("cannot make tokens");
    const page = await api("/tokens", { bearer: kept.token });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/signin");
  });

  it("validates the name", async () => {
    const res = await api("/api/v1/tokens", { method: "POST", as: alice, json: { name: "   " } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toEqual([{ path: "name", message: "name must not be empty" }]);
    expect((await api("/api/v1/tokens", { method: "POST", as: alice, json: {} })).status).toBe(400);
  });

  it("revoking refuses the token at once; someone else's token id is 404", async () => {
    const created = await (await api("/api/v1/tokens", { method: "POST", as: alice, json: { name: "short-lived" } })).json();
    expect((await api("/api/v1/generations", { bearer: created.token })).status).toBe(200);

    expect((await api(`/api/v1/tokens/${created.id}`, { method: "DELETE", as: bob })).status).toBe(404);
    expect(await (await api("/api/v1/tokens", { as: bob })).json()).toEqual([]);
    expect((await api("/api/v1/generations", { bearer: created.token })).status).toBe(200);

    expect((await api(`/api/v1/tokens/${created.id}`, { method: "DELETE", as: alice })).status).toBe(204);
    const refused = await api("/api/v1/generations", { bearer: created.token });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("unauthorized");
    expect((await api(`/api/v1/tokens/${created.id}`, { method: "DELETE", as: alice })).status).toBe(404);
    // The other token is untouched.
    expect((await api("/api/v1/generations", { bearer: kept.token })).status).toBe(200);
  });

  it("admins list users and set their limits; others get 403 for the list and 404 for a user", async () => {
    const forbidden = await api("/api/v1/admin/users", { as: bob });
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe("forbidden");
    expect((await api("/api/v1/admin/users/alice/limits", { method: "PUT", as: bob, json: { dailyBudgetUsd: 100, rateLimitPerMinute: null } })).status).toBe(404);
    // An admin's token may do what the admin may.
    const listed = await (await api("/api/v1/admin/users", { bearer: kept.token })).json();
    expect(listed.map((u: { id: string }) => u.id).sort()).toEqual(["alice", "bob"]);
    expect(listed.find((u: { id: string }) => u.id === "alice")).toMatchObject({
      name: "Alice",
      email: "alice@example.com",
      limits: { dailyBudgetUsd: null, rateLimitPerMinute: null },
      effective: { dailyBudgetUsd: null, rateLimitPerMinute: 20 },
      today: { liveUsd: 0, runs: 1 },
    });

    const bad = await api("/api/v1/admin/users/bob/limits", { method: "PUT", as: alice, json: { dailyBudgetUsd: -1, rateLimitPerMinute: 1.5 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["dailyBudgetUsd", "rateLimitPerMinute"]);
    expect((await api("/api/v1/admin/users/nobody/limits", { method: "PUT", as: alice, json: { dailyBudgetUsd: 1, rateLimitPerMinute: 1 } })).status).toBe(404);

    const put = await api("/api/v1/admin/users/bob/limits", { method: "PUT", as: alice, json: { dailyBudgetUsd: 0, rateLimitPerMinute: 2 } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ id: "bob", limits: { dailyBudgetUsd: 0, rateLimitPerMinute: 2 }, effective: { dailyBudgetUsd: 0, rateLimitPerMinute: 2 } });
    expect(await (await api("/api/v1/limits", { as: bob })).json()).toMatchObject({ dailyBudgetUsd: 0, rateLimitPerMinute: 2, runsLastMinute: 0, spentTodayUsd: 0 });

    expect((await api("/api/v1/generations", { method: "POST", as: bob, json: run })).status).toBe(202);
    expect((await api("/api/v1/generations", { method: "POST", as: bob, json: run })).status).toBe(202);
    const limited = await api("/api/v1/generations", { method: "POST", as: bob, json: run });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const { error } = await limited.json();
    expect(error.code).toBe("rate_limited");
    expect(Date.parse(error.resetAt)).toBeGreaterThan(Date.now());
    expect(await (await api("/api/v1/limits", { as: bob })).json()).toMatchObject({ runsLastMinute: 2 });
  });

  it("an event stream already open ends when its token is revoked", async () => {
    const { id: tokenId, token } = await (await api("/api/v1/tokens", { method: "POST", as: alice, json: { name: "stream" } })).json();
    // A run that stays open long enough to watch.
    const posted = await api("/api/v1/generations", { method: "POST", bearer: token, json: { ...run, sandbox: { latencyMs: 60_000 } } });
    const { id } = await posted.json();
    const stream = await api(`/api/v1/generations/${id}/events`, { bearer: token });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes("event: generation")) seen += decoder.decode((await reader.read()).value);
    expect((await api(`/api/v1/tokens/${tokenId}`, { method: "DELETE", as: alice })).status).toBe(204);
    // The server closes it (its next check of the caller), though the run goes on.
    const ended = await Promise.race([
      (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })(),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    expect(ended).toBe(true);
    expect((await (await api(`/api/v1/generations/${id}`, { as: alice })).json()).status).toMatch(/queued|running/);
    expect((await api(`/api/v1/generations/${id}/cancel`, { method: "POST", as: alice })).status).toBe(200);
  });

  it("keeps only the token's SHA-256 in the database", async () => {
    await allRunsEnded();
    await server.stop(); // the embedded database opens in one process only
    const env = await useAppEnv(data, {});
    try {
      const rows = await (await getDb()).select().from(apiTokens);
      expect(rows).toHaveLength(1);
      expect(rows[0].tokenHash).toBe(createHash("sha256").update(kept.token!).digest("hex"));
      expect(JSON.stringify(rows)).not.toContain(kept.token!.slice(4));
    } finally {
      await env.restore();
    }
  });
});
