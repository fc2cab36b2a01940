#!/usr/bin/env node
/**
 * `npm run dev` / `npm start`: `next dev|start` listening on HOST, 127.0.0.1 unless set (local mode
 * has no sign-in: by default only this machine may reach it). An explicit -H/--hostname wins.
 * HOST may come from the environment or the .env files Next reads. The server itself says at
 * start-up where it listens, and refuses to listen beyond loopback without APP_URL.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const [command, ...args] = process.argv.slice(2);
if (command !== "dev" && command !== "start") {
  console.error("Usage: node scripts/serve.mjs dev|start [next options]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
// @next/env is next's own dependency: the same .env files, in the same order, as the server will read.
createRequire(require.resolve("next/package.json"))("@next/env").loadEnvConfig(process.cwd(), command === "dev");

const explicit = args.findIndex((arg) => arg === "-H" || arg === "--hostname" || arg.startsWith("--hostname="));
const host = explicit >= 0 ? (args[explicit].startsWith("--hostname=") ? args[explicit].slice(11) : args[explicit + 1]) : process.env.HOST?.trim() || "127.0.0.1";
const child = spawn(process.execPath, [nextBin, command, ...(explicit >= 0 ? [] : ["-H", host]), ...args], {
  stdio: "inherit",
  // `next dev` serves from a child process that cannot see -H: HOST tells it (lib/security/exposure.ts).
  env: { ...process.env, HOST: host },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
