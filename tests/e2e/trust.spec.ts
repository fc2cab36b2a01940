import sharp from "sharp";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { open } from "./navigation";
import { LeaderboardPage } from "../pages/leaderboard";

/**
 * Trust in what is shown (issue 15): blind cells that do not betray their host, sandbox votes kept
 * apart, shared ranks, only the parameters the host received, the image prompt as a picture, cells
 * that show their image when they end, and host latency from the host's own time.
 */

type Cell = { id: string; provider: string; status: string; sandbox: boolean; params: Record<string, unknown>; notSent: string[]; images: { url: string }[]; timings: { submittedAt: string | null } };
type Comparison = { id: string; status: string; generations: Cell[]; wallMs: number | null };

async function ended<T extends { status: string }>(api: APIRequestContext, path: string): Promise<T> {
  let body: T | null = null;
  await expect
    .poll(async () => (body = (await (await api.get(path)).json()) as T).status, { timeout: 45_000 })
    .toMatch(/^(succeeded|partial|failed|canceled)$/);
  return body!;
}

async function compare(api: APIRequestContext, data: Record<string, unknown>): Promise<Comparison> {
  const res = await api.post("/api/v1/comparisons", { data });
  expect(res.status(), await res.text()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return ended<Comparison>(api, `/api/v1/comparisons/${id}`);
}

async function generate(api: APIRequestContext, data: Record<string, unknown>): Promise<Cell> {
  const res = await api.post("/api/v1/generations", { data });
  expect(res.status(), await res.text()).toBe(202);
  const { id } = (await res.json()) as { id: string };
  return ended<Cell>(api, `/api/v1/generations/${id}`);
}

async function share(api: APIRequestContext, generationId: string): Promise<string> {
  const res = await api.post("/api/v1/shares", { data: { generationId } });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { url: string }).url;
}

const pngDataUrl = async () =>
  `data:image/png;base64,${(await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c0392b" } }).png().toBuffer()).toString("base64")}`;

test("a blind comparison's sandbox cells are the same picture, naming no host; an open one's name theirs", async ({ page }) => {
  test.setTimeout(90_000);
  const params = { prompt: `A quiet harbour at dawn ${Date.now()}`, width: 512, height: 512, output_format: "jpeg" };
  const blind = await compare(page.request, { model: "flux-pro-1.1", providers: ["bfl", "runware", "replicate"], seeds: [5], blind: true, params });
  expect(blind.status).toBe("succeeded");
  // The pictures are stored by content: three hosts, one file, so nothing on it tells them apart.
  expect(new Set(blind.generations.map((g) => g.images[0].url)).size).toBe(1);

  const open_ = await compare(page.request, { model: "flux-pro-1.1", providers: ["bfl", "runware", "replicate"], seeds: [5], params });
  expect(open_.status).toBe("succeeded");
  // Outside blind mode each picture names its host: three different files.
  expect(new Set(open_.generations.map((g) => g.images[0].url)).size).toBe(3);
});

test("sandbox votes are kept apart: the leaderboard shows live votes by default, sandbox ratings marked, and tied hosts share a rank", async ({ page }) => {
  test.setTimeout(90_000);
  const model = "flux-pro-1.1-ultra";
  const before = (await (await page.request.get(`/api/v1/leaderboard?model=${model}&source=sandbox`)).json()) as { sandboxVotes: number; liveVotes: number };
  const hosts = ["bfl", "fal", "replicate", "runware"];
  const c = await compare(page.request, { model, providers: hosts, seeds: [9], blind: true, params: { prompt: `Ranks ${Date.now()}`, aspect_ratio: "1:1" } });
  expect(c.status).toBe("succeeded");
  const bfl = c.generations.find((g) => g.provider === "bfl")!;
  const vote = await page.request.post(`/api/v1/comparisons/${c.id}/votes`, { data: { seed: 9, winnerGenerationId: bfl.id } });
  expect(vote.status()).toBe(201);
  const voted = (await vote.json()) as { votes: { sandbox: boolean }[] };
  expect(voted.votes[0].sandbox).toBe(true);

  const live = (await (await page.request.get(`/api/v1/leaderboard?model=${model}`)).json()) as { source: string; totalVotes: number; liveVotes: number; sandboxVotes: number };
  expect(live.source).toBe("live");
  expect(live.sandboxVotes).toBe(before.sandboxVotes + 1);
  expect(live.totalVotes).toBe(live.liveVotes);

  const board = new LeaderboardPage(page);
  await board.goto(model);
  await expect(board.table).toHaveAttribute("data-source", "live");
  await expect(board.page.getByTestId("leaderboard-sandbox-badge")).toHaveCount(0);
  await board.showSource("sandbox");
  await expect(board.sandboxNotice).toBeVisible();
  await expect(board.row("bfl").getByTestId("leaderboard-sandbox-badge")).toHaveText("sandbox");
  await expect(board.totalVotes).toContainText("sandbox vote");
  await expect(page).toHaveURL(/source=sandbox/);
  // bfl beat the three others alike: they tie, and share the rank after bfl's.
  if (before.sandboxVotes === 0) {
    await expect(board.rank("bfl")).toHaveText("1");
    for (const host of ["fal", "replicate", "runware"]) await expect(board.rank(host)).toHaveText("2");
  }
  const ranks = (await (await page.request.get(`/api/v1/leaderboard?model=${model}&source=sandbox`)).json()) as { hosts: { provider: string; rating: number | null; rank: number | null }[] };
  const rated = ranks.hosts.filter((h) => h.rating !== null);
  for (const [i, h] of rated.entries()) {
    const previous = rated[i - 1];
    if (previous && Math.round(previous.rating!) === Math.round(h.rating!)) expect(h.rank).toBe(previous.rank);
    else expect(h.rank).toBe(i + 1);
  }
});

test("an Ultra run without an image prompt records no image-prompt strength; with one, the share page shows the picture and what the host dropped", async ({ page }) => {
  test.setTimeout(90_000);
  const plain = await generate(page.request, { model: "flux-pro-1.1-ultra", provider: "bfl", params: { prompt: `No reference ${Date.now()}`, aspect_ratio: "1:1" } });
  expect(plain.status).toBe("succeeded");
  expect(plain.params).not.toHaveProperty("image_prompt_strength");
  await open(page, new URL(await share(page.request, plain.id)).pathname);
  await expect(page.getByTestId("share-params")).toBeVisible();
  await expect(page.getByTestId("share-params")).not.toContainText("Image prompt strength");

  // Runware's mapping sends neither an image prompt nor a strength: named apart, never listed as sent.
  const image = await pngDataUrl();
  const dropped = await generate(page.request, {
    model: "flux-pro-1.1-ultra",
    provider: "runware",
    params: { prompt: `Dropped reference ${Date.now()}`, aspect_ratio: "1:1", image_prompt: image, image_prompt_strength: 0.35 },
  });
  expect(dropped.notSent).toEqual(expect.arrayContaining(["image_prompt", "image_prompt_strength"]));
  await open(page, new URL(await share(page.request, dropped.id)).pathname);
  await expect(page.getByTestId("params-not-sent")).toContainText("Image prompt strength");
  await expect(page.getByTestId("share-params").locator('[data-param="image_prompt_strength"]')).toHaveCount(0);

  // BFL receives both: the image prompt is shown as its picture, not as a path.
  const sent = await generate(page.request, {
    model: "flux-pro-1.1-ultra",
    provider: "bfl",
    params: { prompt: `Sent reference ${Date.now()}`, aspect_ratio: "1:1", image_prompt: image, image_prompt_strength: 0.35 },
  });
  expect(sent.notSent).toEqual([]);
  await open(page, new URL(await share(page.request, sent.id)).pathname);
  const params = page.getByTestId("share-params");
  await expect(params.locator('[data-param="image_prompt_strength"]')).toContainText("0.35");
  const reference = params.getByRole("img", { name: "Image prompt (reference image)" });
  await expect(reference).toBeVisible();
  await expect.poll(() => reference.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await expect(params).not.toContainText("/api/images/");
});

test("host latency starts when the host took the request: the emulator's own stamp, not when our request left", async ({ page }) => {
  const run = await generate(page.request, { model: "flux-pro-1.1", provider: "fal", params: { prompt: `Stamp ${Date.now()}`, width: 256, height: 256 } });
  expect(run.status).toBe("succeeded");
  const inspector = (await (await page.request.get(`/api/v1/generations/${run.id}/inspector`)).json()) as {
    tasks: { exchanges: { at: string; response: { headers?: Record<string, string> } }[] }[];
  };
  const submit = inspector.tasks[0].exchanges[0];
  const stamp = Number(submit.response.headers?.["x-sandbox-received-at"]);
  expect(Number.isFinite(stamp)).toBe(true);
  expect(Date.parse(run.timings.submittedAt!)).toBe(stamp);
});

test("when a comparison ends, every cell shows its image and the wall time shows", async ({ page }) => {
  test.setTimeout(90_000);
  const res = await page.request.post("/api/v1/comparisons", {
    data: { model: "flux-pro-1.1", providers: ["bfl", "fal", "runware"], seeds: [3, 4], params: { prompt: `Shown at once ${Date.now()}`, width: 768, height: 512 } },
  });
  const { id } = (await res.json()) as { id: string };
  await open(page, `/compare/${id}`);
  const cells = page.getByTestId("compare-cell");
  await expect(cells).toHaveCount(6);
  await expect.poll(async () => (await cells.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).every((s) => s === "succeeded"), { timeout: 45_000 }).toBe(true);
  const images = page.getByTestId("compare-cell-image");
  await expect(images).toHaveCount(6);
  for (const image of await images.all()) {
    await expect(image).toHaveAttribute("data-loaded", "true");
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  }
  await expect(page.getByTestId("compare-cell-image-loading")).toHaveCount(0);
  await expect(page.getByTestId("compare-wall")).toHaveText(/\d/);
  // Server-rendered this time: pictures that load before hydration show too.
  await page.reload();
  await expect(images).toHaveCount(6);
  for (const image of await images.all()) await expect(image).toHaveAttribute("data-loaded", "true");
  await expect(page.getByTestId("compare-cell-image-loading")).toHaveCount(0);
});

test("the detail view shows the image prompt next to the result, and the inspector shows progress while its requests load", async ({ page }) => {
  test.setTimeout(90_000);
  const prompt = `Detail reference ${Date.now()}`;
  const run = await generate(page.request, { model: "flux-pro-1.1-ultra", provider: "bfl", params: { prompt, aspect_ratio: "1:1", image_prompt: await pngDataUrl(), image_prompt_strength: 0.2 } });
  expect(run.status).toBe("succeeded");
  // A slow inspector answer, made deterministic: held until the test has seen the progress.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/v1/generations/${run.id}/inspector`, async (route) => {
    await held;
    await route.continue();
  });
  await open(page, "/");
  const card = page.getByTestId("generation-card").filter({ hasText: prompt }).first();
  await card.getByTestId("generation-image").first().click();

  const reference = page.getByTestId("detail-image-prompt");
  await expect(reference.getByRole("img", { name: "Image prompt (reference image)" })).toBeVisible();
  await expect(reference).toContainText("Image prompt");
  await expect(page.getByTestId("detail-warnings").or(page.getByTestId("inspector")).first()).toBeVisible();

  const loading = page.getByTestId("inspector-loading");
  await expect(loading).toBeVisible();
  await expect(loading).toHaveAttribute("role", "status");
  await expect(loading).toContainText(/Loading the requests and answers… \d+ s/);
  release();
  await expect(loading).toHaveCount(0);
  await expect(page.getByTestId("inspector").getByTestId("inspector-request").first()).toContainText("POST");
});
