#!/usr/bin/env node
/**
 * `npm run dev` / `npm start`: `next dev|start` listening on HOST, 127.0.0.1 unless set (local mode
 * has no sign-in: by default only this machine may reach it). An explicit -H/--hostname wins.
 * HOST may come from the environment or the .env files Next reads. The server itself says at
 * start-up where it listens, and refuses to listen beyond loopback without APP_URL.
 *
 * Its output passes through here, with inline images shortened (terminal-lines.mjs). Under `dev`,
 * Next's "Ready" means listening, not serving: the playground compiles on its first request. So
 * this wrapper asks for it at once (the page, its scripts, then the history it loads) and says
 * when the playground is really ready.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { lineFilter } from "./terminal-lines.mjs";

const [command, ...args] = process.argv.slice(2);
if (command !== "dev" && command !== "start") {
  console.error("Usage: node scripts/serve.mjs dev|start [next options]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
// @next/env is next's own dependency: the same .env files, in the same order, as the server will read.
createRequire(require.resolve("next/package.json"))("@next/env").loadEnvConfig(process.cwd(), command === "dev");

const optionValue = (long, short) => {
  const at = args.findIndex((arg) => arg === long || arg === short || arg.startsWith(`${long}=`));
  if (at < 0) return undefined;
  return args[at].startsWith(`${long}=`) ? args[at].slice(long.length + 1) : args[at + 1];
};
const explicitHost = optionValue("--hostname", "-H");
const host = explicitHost ?? (process.env.HOST?.trim() || "127.0.0.1");
const port = Number(optionValue("--port", "-p") ?? process.env.PORT ?? 3000);

// Idle keep-alive connections stay open longer than a load balancer's (60 s) or a client's own idle
// timeout: a server that closes first races a client reusing the socket, which then gets ECONNRESET.
const keepAlive = command === "start" && optionValue("--keepAliveTimeout") === undefined ? ["--keepAliveTimeout", "65000"] : [];
const child = spawn(process.execPath, [nextBin, command, ...(explicitHost ? [] : ["-H", host]), ...keepAlive, ...args], {
  stdio: ["inherit", "pipe", "pipe"],
  // `next dev` serves from a child process that cannot see -H: HOST tells it (lib/security/exposure.ts).
  // Piped output is no terminal: keep Next's colours when ours is one.
  env: { ...process.env, HOST: host, ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: "1" } : {}) },
});

let warming = false;
const out = lineFilter((text) => {
  process.stdout.write(text);
  if (command === "dev" && !warming && /Ready in/.test(text)) {
    warming = true;
    void warm();
  }
});
const err = lineFilter((text) => process.stderr.write(text));
child.stdout.on("data", (chunk) => out.push(chunk));
child.stderr.on("data", (chunk) => err.push(chunk));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  out.end();
  err.end();
  process.exit(code ?? (signal ? 1 : 0));
});

/** Compiles what the first visit needs (the page and its scripts), says so, then the history it asks for. */
async function warm() {
  const started = Date.now();
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const origin = `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
  try {
    // The page alone first: on two cores, compiling anything beside it only delays it.
    const page = await fetch(`${origin}/`);
    const html = await page.text();
    if (!page.ok) throw new Error(`/ answered ${page.status}`);
    // The browser's next step: the page's scripts and styles. Then Run works.
    const assets = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="(\/_next\/[^"]+)"/g)].map((m) => new URL(m[1].replaceAll("&amp;", "&"), origin).href);
    await Promise.all(assets.map((url) => fetch(url).then((r) => r.arrayBuffer())));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out.push(`✓ Playground ready at http://${host.includes(":") ? `[${host}]` : host}:${port} (first page compiled in ${seconds} s)\n`);
    // Then the history the page asks for (its gallery says "Loading history…" until then).
    await Promise.all([`${origin}/api/v1/history?limit=24&totals=0`, `${origin}/api/v1/history/totals`].map((url) => fetch(url).then((r) => r.arrayBuffer())));
    // Then what the first Run reaches: the hosts' emulators (one route) and a run's live updates.
    // Any answer will do (these ask for nothing that exists): the routes are compiled by then.
    await Promise.all([`${origin}/api/sandbox/bfl/v1/credits`, `${origin}/api/v1/generations/warm-up/events`].map((url) => fetch(url).then((r) => r.body?.cancel())));
  } catch (error) {
    // The server stays up: the first visit compiles the page instead, and says why it failed.
    out.push(`Could not warm the playground (${error.message}); it compiles on the first visit.\n`);
  }
}
