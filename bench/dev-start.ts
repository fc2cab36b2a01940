/**
 * The newcomer's first minute: `npm run dev` from spawn to the first 200 of `/` and to a usable Run
 * (the page hydrated and the Run button enabled), cold (no .next/dev, Turbopack's cache) and warm.
 * A fresh data directory each time, no keys: every host is its sandbox, as on a first clone.
 *
 *   npm run bench -- dev-start          # this checkout
 *   BENCH_ROOT=/path/to/other/checkout npm run bench -- dev-start   # another one (a before/after)
 */
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface DevStart {
  cold: boolean;
  /** Next's own "Ready in" line. */
  nextReadyLine: number | null;
  /** The wrapper's "Playground ready at" line (null where it does not print one). */
  playgroundReadyLine: number | null;
  first200: number;
  runUsable: number;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function once(root: string, port: number, cold: boolean): Promise<DevStart> {
  if (cold) rmSync(path.join(root, ".next", "dev"), { recursive: true, force: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "flux-devstart-"));
  const origin = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  const child = spawn("npm", ["run", "dev", "--", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npm, the wrapper, next and next's server all stop together.
    detached: true,
  });
  let nextReadyLine: number | null = null;
  let playgroundReadyLine: number | null = null;
  child.stdout.on("data", (chunk) => {
    const text = String(chunk);
    if (nextReadyLine === null && /Ready in/.test(text)) nextReadyLine = Date.now() - t0;
    if (playgroundReadyLine === null && /Playground ready at/.test(text)) playgroundReadyLine = Date.now() - t0;
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[dev] ${text}`);
  });
  child.stderr.on("data", (chunk) => process.env.BENCH_VERBOSE && process.stderr.write(`[dev!] ${chunk}`));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
  });
  try {
    let first200: number | null = null;
    while (first200 === null) {
      if (Date.now() - t0 > 600_000) throw new Error("no 200 from / within 10 minutes");
      try {
        if ((await fetch(`${origin}/`)).status === 200) first200 = Date.now() - t0;
      } catch {
        await delay(200); // not listening yet
      }
    }
    const page = await browser.newPage();
    await page.goto(`${origin}/`, { timeout: 600_000 });
    await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached", timeout: 600_000 });
    await page.locator('[data-testid="run-button"]:enabled').waitFor({ timeout: 600_000 });
    const runUsable = Date.now() - t0;
    // The wrapper may print its line a moment after the browser got there.
    for (let i = 0; i < 50 && playgroundReadyLine === null; i++) await delay(200);
    return { cold, nextReadyLine, playgroundReadyLine, first200, runUsable };
  } finally {
    await browser.close();
    // Stopped as Ctrl+C stops it (SIGINT to the whole group), and given time to exit: Turbopack
    // writes its cache to disk when idle or on the way out, and the warm start reads it.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid!, "SIGINT");
    } catch {
      // already gone
    }
    await Promise.race([exited, delay(30_000)]);
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // exited
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Cold first (it leaves a cache behind), then warm on that cache; times in ms from spawning `npm run dev`. */
export async function benchDevStart(root: string, port: number): Promise<DevStart[]> {
  return [await once(root, port, true), await once(root, port, false)];
}
