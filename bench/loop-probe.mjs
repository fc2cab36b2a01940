/**
 * Bench-only preload (`NODE_OPTIONS=--import ./bench/loop-probe.mjs`): the event loop's delay and
 * the process's peak RSS, written every second to $BENCH_PROBE_DIR/<pid>.json. Not part of the app:
 * no endpoint exposes it.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let peakRss = 0;
  const write = () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    writeFileSync(
      path.join(dir, `${process.pid}.json`),
      JSON.stringify({ pid: process.pid, argv: process.argv.slice(1, 3), at: Date.now(), peakRssMb: Math.round(peakRss / 1048576), loopDelayMs: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean) }, samples: histogram.count }),
    );
  };
  // A signal starts a fresh window (the bench sends it when the load begins).
  process.on("SIGUSR2", () => {
    histogram.reset();
    peakRss = 0;
  });
  setInterval(write, 1000).unref();
}
