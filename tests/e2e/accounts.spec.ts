import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { signedIn, SignInPage } from "../pages/sign-in";
import { hydrated, open } from "./navigation";

/**
 * Team mode (the "team" project: AUTH_* set, a real OpenID Connect issuer on loopback). Two people
 * sign in through the real redirect flow; neither reaches the other's work by URL, API or server
 * action; strangers see only share links.
 */

type Api = APIRequestContext;

// Two people sign in through the real redirect flow and run generations: room for a busy machine.
test.describe.configure({ timeout: 180_000 });

async function json<T>(api: Api, path: string): Promise<T> {
  const res = await api.get(path);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

async function ended(api: Api, path: string, field = "status") {
  await expect
    .poll(async () => ((await (await api.get(path)).json()) as Record<string, string>)[field], { timeout: 30_000 })
    .toMatch(/^(succeeded|partial|failed|canceled)$/);
}

async function run(api: Api, prompt: string, seed: number): Promise<{ id: string; imageUrl: string }> {
  const res = await api.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt, width: 512, height: 512, seed } } });
  expect(res.status()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await ended(api, `/api/v1/generations/${id}`);
  const generation = await json<{ status: string; images: { url: string }[] }>(api, `/api/v1/generations/${id}`);
  expect(generation.status).toBe("succeeded");
  return { id, imageUrl: generation.images[0].url };
}

async function anonymous(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

test("an anonymous visitor is sent to sign in, and the API answers 401", async ({ page }) => {
  await page.goto("/history?q=fox");
  await page.waitForURL(/\/signin\?callbackUrl=%2Fhistory%3Fq%3Dfox$/);
  await hydrated(page);
  await expect(page.getByTestId("signin-oidc")).toHaveText("Continue with Test SSO");
  const res = await page.request.get("/api/v1/history");
  expect(res.status()).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
  const post = await page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: "x" } } });
  expect(post.status()).toBe(401);
  expect((await page.request.get("/api/health")).status()).toBe(200);
});

test("an address outside AUTH_ALLOWED_EMAIL_DOMAINS is refused with a page that says why", async ({ page }) => {
  await page.goto("/");
  await page.waitForURL(/\/signin\?/);
  await hydrated(page);
  await page.getByTestId("signin-oidc").click();
  await page.locator('input[name="login"]').fill("eve@elsewhere.test");
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/signin\?error=AccessDenied/);
  await expect(page.getByTestId("signin-error")).toContainText("only admits verified e-mail addresses at example.test");
  expect((await page.request.get("/api/v1/history")).status()).toBe(401);
});

test("two users: each sees only their own work, by URL, API and server action; shares stay public; sign-out ends the session", async ({ browser, baseURL }) => {
  const stamp = Date.now();
  const alice = await signedIn(browser, baseURL, `alice${stamp}`);
  const bob = await signedIn(browser, baseURL, `bob${stamp}`);
  try {
    const a = alice.page.request;
    const b = bob.page.request;

    // Alice's work: a shared run, a private run, a blind comparison with a vote.
    const shared = await run(a, `Alice's shared lighthouse ${stamp}`, 11);
    const secret = await run(a, `Alice's private lighthouse ${stamp}`, 12);
    const share = (await (await a.post("/api/v1/shares", { data: { generationId: shared.id } })).json()) as { slug: string; url: string };
    expect(share.slug).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const comparisonRes = await a.post("/api/v1/comparisons", {
      data: { model: "flux-pro-1.1", providers: ["bfl", "fal"], seeds: [21], blind: true, params: { prompt: `Alice's comparison ${stamp}`, width: 512, height: 512 } },
    });
    expect(comparisonRes.status()).toBe(202);
    const comparison = (await comparisonRes.json()) as { id: string; generations: { id: string }[] };
    await ended(a, `/api/v1/comparisons/${comparison.id}`);
    expect((await a.post(`/api/v1/comparisons/${comparison.id}/votes`, { data: { seed: 21, winnerGenerationId: comparison.generations[0].id } })).status()).toBe(201);
    expect((await json<{ totalVotes: number }>(a, "/api/v1/leaderboard?model=flux-pro-1.1&source=sandbox")).totalVotes).toBe(1);

    // Bob, by API: every one of Alice's ids is unknown (404, never 403).
    for (const path of [
      `/api/v1/generations/${shared.id}`,
      `/api/v1/generations/${secret.id}`,
      `/api/v1/generations/${secret.id}/inspector`,
      `/api/v1/generations/${secret.id}/events`,
      `/api/v1/comparisons/${comparison.id}`,
      `/api/v1/comparisons/${comparison.id}/events`,
      `/api/v1/shares?generationId=${shared.id}`,
    ]) {
      expect((await b.get(path)).status(), path).toBe(404);
    }
    expect((await b.post(`/api/v1/generations/${secret.id}/cancel`)).status()).toBe(404);
    expect((await b.post(`/api/v1/comparisons/${comparison.id}/rerun`, { data: {} })).status()).toBe(404);
    expect((await b.post(`/api/v1/comparisons/${comparison.id}/votes`, { data: { seed: 21, winnerGenerationId: null } })).status()).toBe(404);
    expect((await b.post(`/api/v1/comparisons/${comparison.id}/cancel`)).status()).toBe(404);
    expect((await b.post("/api/v1/shares", { data: { generationId: secret.id } })).status()).toBe(404);
    expect((await b.delete(`/api/v1/shares/${share.slug}`)).status()).toBe(404);
    expect((await b.patch(`/api/v1/images/${"x".repeat(4)}`, { data: { favorite: true } })).status()).toBe(404);
    const deleted = (await (await b.post("/api/v1/history/delete", { data: { generationIds: [secret.id], comparisonIds: [comparison.id] } })).json()) as { missing: unknown[] };
    expect(deleted.missing).toHaveLength(2);
    // Alice's images that no share shows do not exist for Bob; the shared one does, as for anyone.
    expect((await b.get(secret.imageUrl)).status()).toBe(404);
    expect((await b.get(shared.imageUrl)).status()).toBe(200);

    // Bob, by URL: the comparison page is a 404, and "?from=" does not load Alice's settings.
    const page404 = await bob.page.goto(`/compare/${comparison.id}`);
    expect(page404?.status()).toBe(404);
    await open(bob.page, `/?from=${secret.id}`);
    await expect(bob.page.getByTestId("field-prompt")).not.toHaveValue(`Alice's private lighthouse ${stamp}`);

    // Bob's history, spend, export and leaderboard hold none of Alice's work.
    const mine = await run(b, `Bob's windmill ${stamp}`, 31);
    const history = await json<{ items: { kind: string; generation?: { id: string }; comparison?: { id: string } }[] }>(b, "/api/v1/history?limit=100");
    expect(history.items.map((i) => i.generation?.id ?? i.comparison?.id)).toEqual([mine.id]);
    const spend = await json<{ totals: { generations: number } }>(b, "/api/v1/history/spend");
    expect(spend.totals.generations).toBe(1);
    const exported = await (await b.get("/api/v1/history/export?format=json")).text();
    expect(exported).toContain(mine.id);
    for (const id of [shared.id, secret.id, comparison.id]) expect(exported).not.toContain(id);
    expect(exported).not.toContain("lighthouse");
    expect((await json<{ totalVotes: number }>(b, "/api/v1/leaderboard?model=flux-pro-1.1&source=sandbox")).totalVotes).toBe(0);
    await open(bob.page, "/history");
    await expect(bob.page.locator(`[data-generation-id="${mine.id}"]`)).toBeVisible();
    await expect(bob.page.locator(`[data-generation-id="${shared.id}"]`)).toHaveCount(0);

    // Bob, by server action: his own "Share" button, with Alice's id put in the action's body.
    await serverActionWithForeignId(bob.page, mine.id, secret.id);
    expect(await json<{ shares: unknown[] }>(a, `/api/v1/shares?generationId=${secret.id}`)).toEqual({ shares: [] });

    // A stranger (no account) opens Alice's share, and sees nothing of who she is.
    const stranger = await anonymous(browser, baseURL);
    try {
      const path = new URL(share.url).pathname;
      await open(stranger.page, path);
      const image = stranger.page.getByTestId("share-image").first();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await expect(stranger.page.getByTestId("share-prompt")).toHaveText(`Alice's shared lighthouse ${stamp}`);
      const html = await (await stranger.page.request.get(path)).text();
      expect(html).not.toContain(`alice${stamp}`);
      expect((await stranger.page.request.get(`${path}/opengraph-image`)).status()).toBe(200);
      expect((await stranger.page.request.get(secret.imageUrl)).status()).toBe(404);
      expect((await stranger.page.request.get(`/api/v1/generations/${shared.id}`)).status()).toBe(401);
    } finally {
      await stranger.context.close();
    }

    // Sign-out: the session is gone at once (its cookie no longer opens anything).
    await new SignInPage(alice.page).signOut();
    expect((await a.get("/api/v1/history")).status()).toBe(401);
    await alice.page.goto("/");
    await alice.page.waitForURL(/\/signin\?/);
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
});

/** Clicks Share on the user's own run, rewriting the server action's body to name another id. */
async function serverActionWithForeignId(page: Page, ownId: string, foreignId: string) {
  let rewritten = false;
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"] && request.postData()?.includes(ownId)) {
      rewritten = true;
      return route.continue({ postData: request.postData()!.replaceAll(ownId, foreignId) });
    }
    return route.continue();
  });
  const card = page.locator(`[data-testid="generation-card"][data-generation-id="${ownId}"]`);
  await card.getByTestId("generation-image").first().click();
  const dialog = page.getByTestId("image-detail");
  await dialog.getByTestId("detail-share").click();
  await expect(dialog.getByTestId("share-error")).toHaveText(`No generation ${foreignId}`);
  await expect(dialog.getByTestId("share-link")).toHaveCount(0);
  expect(rewritten).toBe(true);
  await page.unrouteAll({ behavior: "wait" });
}

test("a user's own key: set on the Keys page, shown masked with its balance, used by their runs and by nobody else's", async ({ browser, baseURL }) => {
  const stamp = Date.now();
  const key = `bfl-e2e-${stamp}-k3y9`;
  const carol = await signedIn(browser, baseURL, `carol${stamp}`);
  const dave = await signedIn(browser, baseURL, `dave${stamp}`);
  try {
    const page = carol.page;
    await page.getByTestId("user-menu").locator("summary").click();
    await page.getByTestId("keys-link").click();
    await page.waitForURL(/\/keys$/);
    await hydrated(page);
    const bfl = page.locator('[data-testid="key-row"][data-provider="bfl"]');
    await expect(bfl).toHaveAttribute("data-has-key", "false");
    await bfl.getByTestId("key-input").fill(key);
    await bfl.getByTestId("key-save").click();
    await expect(bfl).toHaveAttribute("data-has-key", "true");
    await expect(bfl.getByTestId("key-status")).toContainText("••••k3y9");
    // The balance behind the key, from the host's own endpoint (the BFL emulator: 100,000 credits).
    await expect(bfl.getByTestId("key-balance")).toContainText("$1,000.00");
    expect(await page.content()).not.toContain(key);

    // The form says which key a run would use, for Carol and for Dave.
    await open(page, "/");
    await page.getByTestId("provider-select").selectOption("bfl");
    await expect(page.getByTestId("host-key-source")).toContainText("••••k3y9");
    await open(dave.page, "/");
    await dave.page.getByTestId("provider-select").selectOption("bfl");
    await expect(dave.page.getByTestId("host-key-source")).not.toContainText("k3y9");

    const res = await page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: `Carol's own key ${stamp}`, width: 512, height: 512 } } });
    expect(res.status()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await ended(page.request, `/api/v1/generations/${id}`);
    const generation = await json<{ status: string; keySource: string; sandbox: boolean }>(page.request, `/api/v1/generations/${id}`);
    expect(generation).toMatchObject({ status: "succeeded", keySource: "user", sandbox: false });
    const inspector = await (await page.request.get(`/api/v1/generations/${id}/inspector`)).text();
    expect(inspector).not.toContain(key);

    expect(await json<unknown[]>(dave.page.request, "/api/v1/keys")).toEqual([]);
    const daveRun = await dave.page.request.post("/api/v1/generations", { data: { model: "flux-pro-1.1", provider: "bfl", params: { prompt: `Dave without a key ${stamp}`, width: 512, height: 512 } } });
    const daveId = ((await daveRun.json()) as { id: string }).id;
    expect((await json<{ keySource: string; sandbox: boolean }>(dave.page.request, `/api/v1/generations/${daveId}`))).toMatchObject({ keySource: "sandbox", sandbox: true });
  } finally {
    await carol.context.close();
    await dave.context.close();
  }
});
