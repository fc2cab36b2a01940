#!/usr/bin/env node
/**
 * `npm test` after the build: vitest (unit + integration) and Playwright (end to end) at the same
 * time. Both spend most of their time waiting on servers and emulated hosts, not on the CPU, so
 * together they take about as long as the longer one. Each line says which suite wrote it; the run
 * fails when either suite fails.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const suites = [
  { name: "vitest", bin: require.resolve("vitest/vitest.mjs"), args: ["run"] },
  { name: "e2e", bin: require.resolve("@playwright/test/cli.js"), args: ["test"] },
];

function run({ name, bin, args }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop();
        for (const line of lines) out.write(`[${name}] ${line}\n`);
      });
      stream.on("end", () => rest && out.write(`[${name}] ${rest}\n`));
    }
    child.on("exit", (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`[${name}] ${code === 0 ? "passed" : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s`);
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(suites.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
