/**
 * Load: one production server; every host is "live" against the emulators in a process of their
 * own (tests/support/sandbox-host.ts, as real hosts render on their own machines: in the server's
 * process their image rendering would take the thread pool the server needs), at each host's
 * realistic latency, with each host's concurrency limit in force. At once: 200 generations across the
 * hosts and three 56-cell comparisons (7 hosts x 8 seeds, 4 images a cell); 50 SSE streams stay
 * open meanwhile, and the gallery's first page is fetched every 250 ms. Reported: time to drain,
 * outcomes, the gallery's latency during it, peak RSS and event-loop delay (p99) of the server,
 * read by a bench-only preload (bench/loop-probe.mjs), never through an endpoint.
 * `BENCH_LOAD_HOSTS=inprocess` runs it as a new user does instead: no keys, every host in sandbox
 * mode inside the server's own process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROVIDER_IDS } from "../lib/providers/catalog";
import { freshPostgres, type BenchServer } from "./history";

const HOSTS = PROVIDER_IDS;
const GENERATIONS = 200;
const COMPARISONS = 3;
const SSE_STREAMS = 50;
const PARAMS = { width: 512, height: 512 };

interface Dto {
  id: string;
  status: string;
  provider: string;
  error: { code: string; message: string } | null;
}

async function probe(dir: string): Promise<{ pid: number; peakRssMb: number; loopDelayMs: Record<string, number> } | null> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const stats = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), "utf8"))));
  // `next start` may run the server in a child: the process that holds the most memory serves.
  return stats.sort((a, b) => b.peakRssMb - a.peakRssMb)[0] ?? null;
}

/** Counts events on an SSE stream until it ends (the generation ended) or the bench stops it. */
async function openStream(url: string, signal: AbortSignal) {
  const state = { opened: false, events: 0, ended: false, error: null as string | null };
  const done = (async () => {
    try {
      const res = await fetch(url, { signal, headers: { accept: "text/event-stream" } });
      state.opened = res.ok;
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        state.events += (decoder.decode(value).match(/^event: generation$/gm) ?? []).length;
      }
      state.ended = true;
    } catch (error) {
      if (!signal.aborted) state.error = (error as Error).message;
    }
  })();
  return { state, done };
}

const post = async (origin: string, pathname: string, body: unknown) => {
  const res = await fetch(`${origin}${pathname}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 202 && res.status !== 201 && res.status !== 200) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

async function allGenerations(origin: string): Promise<Dto[]> {
  const out: Dto[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${origin}/api/v1/generations?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { signal: AbortSignal.timeout(120_000) });
    const page = (await res.json()) as { items: Dto[]; nextCursor: string | null };
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export async function benchLoad(bench: BenchServer, postgresAdminUrl?: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-load-"));
  const probeDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-probe-"));
  const postgres = postgresAdminUrl ? await freshPostgres(postgresAdminUrl, "load") : null;
  const probeFile = path.resolve(import.meta.dirname, "loop-probe.mjs");
  let child: ChildProcess | null = null;
  const inProcess = process.env.BENCH_LOAD_HOSTS === "inprocess";
  const hostsPort = Number(new URL(bench.origin).port) + 50;
  const hostsDir = mkdtempSync(path.join(os.tmpdir(), "flux-bench-hosts-"));
  const hostsProcess = inProcess
    ? null
    : spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../tests/support/sandbox-host.ts"), String(hostsPort)], {
        env: { ...process.env, DATA_DIR: hostsDir, SANDBOX_LATENCY_MS: "", SANDBOX_FAULT: "" },
        stdio: "ignore",
      });
  const live = inProcess
    ? {}
    : Object.fromEntries(
        HOSTS.flatMap((id) => [
          [`${id.toUpperCase()}_API_KEY`, `bench-key-${id}-0001`],
          [`${id.toUpperCase()}_BASE_URL`, `http://127.0.0.1:${hostsPort}/api/sandbox/${id}`],
        ]),
      );
  try {
    for (let i = 0; hostsProcess; i++) {
      // Any answer (403 without a key) means the emulators listen.
      if (await fetch(`http://127.0.0.1:${hostsPort}/api/sandbox/bfl/v1/credits`).then(() => true, () => false)) break;
      if (i > 300) throw new Error("the emulators did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
    child = await bench.start(dataDir, {
      ...live,
      FAL_KEY: "",
      REPLICATE_API_TOKEN: "",
      // Each host's own latency (BFL 3 s, fal 3 s...), not the bench's usual fixed one.
      SANDBOX_LATENCY_MS: "",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${probeFile}`.trim(),
      BENCH_PROBE_DIR: probeDir,
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    });
    const origin = bench.origin;
    // A fresh window for the probe once the server is up and warm.
    await fetch(`${origin}/api/v1/history?limit=24`);
    await new Promise((r) => setTimeout(r, 1500));
    const server = await probe(probeDir);
    if (server) process.kill(server.pid, "SIGUSR2");

    const started = performance.now();
    const galleryMs: number[] = [];
    let galleryErrors = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const t = performance.now();
        try {
          const res = await fetch(`${origin}/api/v1/history?limit=24`, { signal: AbortSignal.timeout(60_000) });
          await res.arrayBuffer();
          galleryMs.push(performance.now() - t);
        } catch {
          galleryErrors += 1; // no answer within 60 s
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    const [generations, comparisons] = await Promise.all([
      Promise.all(
        Array.from({ length: GENERATIONS }, (_, i) =>
          post(origin, "/api/v1/generations", { model: "flux-pro-1.1", provider: HOSTS[i % HOSTS.length], params: { prompt: `load ${i}`, ...PARAMS } }) as Promise<{ id: string }>,
        ),
      ),
      Promise.all(
        Array.from({ length: COMPARISONS }, (_, i) =>
          post(origin, "/api/v1/comparisons", {
            model: "flux-pro-1.1",
            providers: HOSTS.slice(0, 7),
            seeds: Array.from({ length: 8 }, (_, s) => 1000 * i + s),
            params: { prompt: `load comparison ${i}`, num_images: 4, ...PARAMS },
            confirm: true,
          }) as Promise<{ id: string }>,
        ),
      ),
    ]);
    const submittedMs = performance.now() - started;

    // 50 browsers' worth of streams: most on single runs, a few on whole comparisons.
    const streamsAbort = new AbortController();
    const streams = await Promise.all(
      Array.from({ length: SSE_STREAMS }, (_, i) =>
        openStream(
          i < COMPARISONS ? `${origin}/api/v1/comparisons/${comparisons[i].id}/events` : `${origin}/api/v1/generations/${generations[(i * 4) % GENERATIONS].id}/events`,
          streamsAbort.signal,
        ),
      ),
    );

    let all: Dto[] = [];
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      try {
        all = await allGenerations(origin);
      } catch {
        continue; // the server did not answer in time: ask again
      }
      if (all.length && all.every((g) => ["succeeded", "failed", "canceled"].includes(g.status))) break;
      if (performance.now() - started > 20 * 60_000) throw new Error("did not drain within 20 minutes");
    }
    const drainMs = performance.now() - started;
    sampling = false;
    await sampler;
    // Streams end by themselves once their generations ended; give them a moment, then stop the rest.
    await Promise.race([Promise.all(streams.map((s) => s.done)), new Promise((r) => setTimeout(r, 5000))]);
    streamsAbort.abort();
    const stats = await probe(probeDir);

    const outcomes: Record<string, number> = {};
    for (const g of all) outcomes[g.status] = (outcomes[g.status] ?? 0) + 1;
    const failures = all.filter((g) => g.status !== "succeeded").slice(0, 5).map((g) => ({ provider: g.provider, error: g.error }));
    return {
      database: postgres ? "postgresql" : "pglite",
      hosts: inProcess ? "sandbox mode, in the server's process" : "emulators in a process of their own",
      generations: all.length,
      outcomes,
      failures,
      submitSeconds: Math.round(submittedMs) / 1000,
      drainSeconds: Math.round(drainMs) / 1000,
      galleryFirstPageMs: bench.summary(galleryMs.map((v) => Math.round(v))),
      galleryUnanswered60s: galleryErrors,
      sse: {
        opened: streams.filter((s) => s.state.opened).length,
        endedByServer: streams.filter((s) => s.state.ended).length,
        events: streams.reduce((n, s) => n + s.state.events, 0),
        errors: streams.filter((s) => s.state.error).length,
      },
      server: stats ? { peakRssMb: stats.peakRssMb, eventLoopDelayMs: stats.loopDelayMs } : null,
    };
  } finally {
    child?.kill();
    hostsProcess?.kill();
    await postgres?.drop().catch(() => {});
  }
}
