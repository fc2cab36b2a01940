#!/usr/bin/env node
/**
 * `npm test` after the build: vitest (unit + integration) and Playwright (end to end) at the same
 * time. Both spend most of their time waiting on servers and emulated hosts, not on the CPU, so
 * together they take about as long as the longer one. Each line says which suite wrote it; the run
 * fails when either suite fails.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

// The packages' own command-line entries, as `npx vitest` and `npx playwright` run them.
const modules = path.resolve(import.meta.dirname, "../node_modules");
const suites = [
  { name: "vitest", bin: path.join(modules, "vitest/vitest.mjs"), args: ["run"] },
  { name: "e2e", bin: path.join(modules, "@playwright/test/cli.js"), args: ["test"] },
];
for (const { bin } of suites) if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm ci`);

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
