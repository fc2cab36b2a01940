/**
 * Benchmarks (not part of `npm test`). Needs a production build (`npm run build`) and Chromium.
 *
 *   npm run bench                 # all
 *   npm run bench -- latency 20   # host ready -> image shown in the browser, 20 runs
 *   npm run bench -- compare 5    # a comparison's wall time against its slowest host, 5 runs
 *   npm run bench -- bundle       # first-load JS of the playground and history pages
 *   npm run bench -- auth         # what team mode's sign-in check adds to a request
 *   npm run bench -- history 1000,10000,100000   # the gallery's server time at each size
 *                                 # (BENCH_DATABASE_URL=postgres://admin… for PostgreSQL instead of PGlite)
 *   npm run bench -- load         # 200 runs and three 56-cell comparisons at once: drain, RSS, loop delay
 *                                 # (BENCH_DATABASE_URL as above for PostgreSQL)
 *   npm run bench -- dev-start    # `npm run dev` to the first 200 of / and to a usable Run, cold and warm
 *                                 # (not in "all": it needs no build, and deletes .next/dev)
 *
 * "Host ready" is the instant the sandbox host starts answering Ready (its task's creation time
 * plus its fixed latency, read from the sandbox's own task file); "shown" is the browser's load
 * event of the image in the history card. Both are wall-clock times of this one machine.
 */
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { benchAuth } from "./auth";
import { benchDevStart } from "./dev-start";
import { benchHistory } from "./history";
import { benchLoad } from "./load";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const LATENCY_MS = Number(process.env.BENCH_SANDBOX_LATENCY_MS ?? 1000);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const summary = (values: number[]) => ({
  n: values.length,
  min: Math.min(...values),
  median: percentile(values, 50),
  p90: percentile(values, 90),
  max: Math.max(...values),
});

async function startServer(dataDir: string, extraEnv: Record<string, string> = {}) {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("Run `npm run build` first.");
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, BFL_API_KEY: "", FAL_KEY: "", FAL_API_KEY: "", REPLICATE_API_TOKEN: "", REPLICATE_API_KEY: "", RUNWARE_API_KEY: "", RUNFLOW_API_KEY: "", LUMENFALL_API_KEY: "", APIFRAME_API_KEY: "", TOGETHER_API_KEY: "", SANDBOX_LATENCY_MS: String(LATENCY_MS), ...extraEnv },
    stdio: "ignore",
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) return child;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("server did not start");
}

async function hostReadyAt(dataDir: string, prompt: string): Promise<number> {
  const dir = path.join(dataDir, "sandbox", "bfl", "tasks");
  for (const file of await readdir(dir)) {
    const task = JSON.parse(await readFile(path.join(dir, file), "utf8"));
    if (task.input.prompt === prompt) return task.createdAt + task.latencyMs;
  }
  throw new Error(`no sandbox task for ${prompt}`);
}

async function benchLatency(runs: number, model: "flux-pro-1.1" | "flux-pro-1.1-ultra") {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-"));
  const server = await startServer(dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
  const rows: { readyToShown: number; readyToDetected: number; detectedToStored: number; storedToShown: number; readyToInserted: number }[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(ORIGIN);
    await page.evaluate(() => {
      const w = window as unknown as { __shown: Record<string, number>; __inserted: Record<string, number> };
      w.__shown = {};
      w.__inserted = {};
      // When the image element enters the page (the push arrived and React rendered it).
      new MutationObserver(() => {
        for (const img of document.querySelectorAll<HTMLElement>('[data-testid="generation-image"]')) {
          const id = img.closest("[data-generation-id]")?.getAttribute("data-generation-id");
          if (id) w.__inserted[id] ??= Date.now();
        }
      }).observe(document.body, { childList: true, subtree: true });
      document.addEventListener(
        "load",
        (event) => {
          const img = event.target as HTMLElement;
          const card = img.closest?.("[data-generation-id]");
          if (img.dataset?.testid === "generation-image" && card) w.__shown[card.getAttribute("data-generation-id")!] ??= Date.now();
        },
        true,
      );
    });
    await page.getByTestId("model-select").selectOption(model);
    for (let i = 0; i < runs + 1; i++) {
      const prompt = `bench ${model} run ${i} ${Date.now()}`;
      await page.getByTestId("field-prompt").fill(prompt);
      await page.getByTestId("run-button").click();
      const card = page.getByTestId("generation-card").filter({ hasText: prompt });
      await card.getByTestId("generation-image").first().waitFor({ timeout: 30_000 });
      const id = (await card.getAttribute("data-generation-id"))!;
      const shown = await page.waitForFunction((gid) => (window as unknown as { __shown: Record<string, number> }).__shown[gid], id, { timeout: 10_000 });
      const shownAt = (await shown.jsonValue()) as number;
      const insertedAt = (await page.evaluate((gid) => (window as unknown as { __inserted: Record<string, number> }).__inserted[gid], id)) as number;
      const dto = await (await fetch(`${ORIGIN}/api/v1/generations/${id}`)).json();
      const ready = await hostReadyAt(dataDir, prompt);
      if (i === 0) continue; // warm-up: first compile of each route, first sharp load
      const detected = Date.parse(dto.timings.hostReadyAt);
      const stored = Date.parse(dto.timings.finishedAt);
      rows.push({ readyToInserted: insertedAt - ready, readyToShown: shownAt - ready, readyToDetected: detected - ready, detectedToStored: stored - detected, storedToShown: shownAt - stored });
    }
  } finally {
    await browser.close();
    server.kill();
  }
  return {
    model,
    sandboxLatencyMs: LATENCY_MS,
    readyToShown: summary(rows.map((r) => r.readyToShown)),
    breakdownMedians: {
      readyToDetected: percentile(rows.map((r) => r.readyToDetected), 50),
      detectedToStored: percentile(rows.map((r) => r.detectedToStored), 50),
      storedToShown: percentile(rows.map((r) => r.storedToShown), 50),
      readyToImageElement: percentile(rows.map((r) => r.readyToInserted), 50),
    },
  };
}

/** Raw and gzip (level 9) size of scripts, in KB. */
async function scriptSizes(srcs: string[]) {
  let raw = 0;
  let gzip = 0;
  for (const src of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src, ORIGIN))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { scripts: srcs.length, rawKb: Math.round(raw / 1024), gzipKb: Math.round(gzip / 1024) };
}

/**
 * The compressed size of every script a page loads on first visit, per route. `noModule` scripts
 * (Next's polyfills) are counted apart: a browser that runs the app's modules never downloads them.
 */
async function benchBundle(routes: string[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-"));
  const server = await startServer(dataDir);
  try {
    const sizes = [];
    for (const route of routes) {
      const html = await (await fetch(new URL(route, ORIGIN))).text();
      const tags = [...html.matchAll(/<script[^>]+>/g)].map((m) => m[0]);
      const srcs = (noModule: boolean) => [
        ...new Set(tags.filter((tag) => /\snomodule/i.test(tag) === noModule).flatMap((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1] ?? [])),
      ];
      sizes.push({ route, ...(await scriptSizes(srcs(false))), noModuleGzipKb: (await scriptSizes(srcs(true))).gzipKb });
    }
    return sizes;
  } finally {
    server.kill();
  }
}

/** Reads a comparison's event stream until the server closes it (every cell ended). */
async function untilComparisonEnds(id: string): Promise<void> {
  const res = await fetch(`${ORIGIN}/api/v1/comparisons/${id}/events`);
  await res.text();
}

/**
 * A comparison over the hosts with fixed, different sandbox latencies: its wall time (request
 * to the last cell ended, seen by the client) against the slowest host's latency.
 */
async function benchCompare(runs: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-"));
  const server = await startServer(dataDir, { JOB_POLL_INTERVAL_MS: "250" });
  // The seven hosts of the mission statement; Together is measured separately below.
  const seven = ["bfl", "fal", "replicate", "runware", "runflow", "lumenfall", "apiframe"];
  const latencies = Object.fromEntries(seven.map((id, i) => [id, 1000 + i * 250]));
  const slowest = Math.max(...Object.values(latencies));
  const measure = async (seeds: number[], providers: string[]) => {
    const overheads: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = Date.now();
      const res = await fetch(`${ORIGIN}/api/v1/comparisons`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "flux-pro-1.1",
          providers,
          seeds: seeds.map((s) => s + i * 10),
          params: { prompt: `bench comparison ${i} ${Date.now()}`, width: 1024, height: 768 },
          sandbox: Object.fromEntries(providers.map((p) => [p, { latencyMs: latencies[p] ?? slowest }])),
        }),
      });
      const { id } = (await res.json()) as { id: string };
      await untilComparisonEnds(id);
      const wall = Date.now() - started;
      const dto = (await (await fetch(`${ORIGIN}/api/v1/comparisons/${id}`)).json()) as { status: string; generations: unknown[] };
      if (dto.status !== "succeeded") throw new Error(`comparison ${id} ended ${dto.status}`);
      if (i > 0) overheads.push(wall - slowest);
    }
    return { cells: providers.length * seeds.length, slowestHostMs: slowest, overheadOverSlowestMs: summary(overheads) };
  };
  try {
    return {
      sevenHostsOneSeed: await measure([1], seven),
      sevenHostsFourSeeds: await measure([1, 2, 3, 4], seven),
      eightHostsFourSeeds: await measure([1, 2, 3, 4], [...seven, "together"]),
    };
  } finally {
    server.kill();
  }
}

const [what = "all", count = "20"] = process.argv.slice(2);
const results: Record<string, unknown> = { at: new Date().toISOString(), cpus: os.cpus().length, node: process.version };
if (what === "all" || what === "latency") {
  results.latencyPro = await benchLatency(Number(count), "flux-pro-1.1");
  results.latencyUltra = await benchLatency(Number(count), "flux-pro-1.1-ultra");
}
if (what === "all" || what === "compare") results.compare = await benchCompare(Math.min(Number(count), 8));
if (what === "all" || what === "bundle") results.bundle = await benchBundle(["/", "/history"]);
if (what === "all" || what === "auth") results.auth = await benchAuth({ start: startServer, origin: ORIGIN, summary });
if (what === "all" || what === "history") {
  const sizes = what === "history" && count !== "20" ? count.split(",").map(Number) : [1_000, 10_000, 100_000];
  results.history = await benchHistory({ start: startServer, origin: ORIGIN, summary }, sizes, process.env.BENCH_DATABASE_URL);
}
if (what === "dev-start") results.devStart = await benchDevStart(process.env.BENCH_ROOT ?? ROOT, PORT);
if (what === "load") results.load = await benchLoad({ start: startServer, origin: ORIGIN, summary }, process.env.BENCH_DATABASE_URL);
await mkdir(path.join(ROOT, "bench", "results"), { recursive: true });
await writeFile(path.join(ROOT, "bench", "results", `${what}-${Date.now()}.json`), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
