import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { noHostKeys } from "./helpers/host-env";
import { createTestData, type TestData } from "./helpers/test-database";

/** Who can reach a server in local mode: loopback unless HOST says otherwise, said at start-up, APP_URL required beyond. */
const ROOT = path.resolve(import.meta.dirname, "../..");
const LOCAL_MODE = { AUTH_SECRET: "", AUTH_GITHUB_ID: "", AUTH_GITHUB_SECRET: "", AUTH_GOOGLE_ID: "", AUTH_GOOGLE_SECRET: "", AUTH_OIDC_ISSUER: "", AUTH_OIDC_ID: "", AUTH_OIDC_SECRET: "", AUTH_URL: "" };

/** This machine's first address that is not loopback (none in some sandboxes). */
const outsideAddress = () =>
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });

describe("exposure in local mode", { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function data(): Promise<TestData> {
    const d = await createTestData("pglite");
    cleanups.push(() => d.dispose());
    return d;
  }
  async function start(env: Record<string, string | undefined>, host?: string): Promise<AppServer> {
    const server = await startAppServer({ ...LOCAL_MODE, ...env }, undefined, host ? { host } : undefined);
    cleanups.unshift(() => server.stop());
    return server;
  }

  it("on loopback: says it serves this machine only", async () => {
    const server = await start({ DATA_DIR: (await data()).dataDir, DATABASE_URL: undefined });
    expect(server.output()).toContain("Local mode (no sign-in): listening on 127.0.0.1 only");
    expect(server.output()).not.toContain("WARNING");
  });

  it("beyond loopback without APP_URL: refuses to start, naming APP_URL", async () => {
    const d = await data();
    const failure = await start({ DATA_DIR: d.dataDir, DATABASE_URL: undefined, APP_URL: "" }, "0.0.0.0").then(
      () => "started",
      (error: Error) => error.message,
    );
    expect(failure).toContain("APP_URL is required when listening on every network interface");
  });

  it("beyond loopback with APP_URL and no sign-in: serves, with a warning that names the risk", async () => {
    const port = await freePort();
    const d = await data();
    const server = await startAppServer({ ...LOCAL_MODE, DATA_DIR: d.dataDir, DATABASE_URL: undefined, APP_URL: `http://127.0.0.1:${port}` }, port, { host: "0.0.0.0" });
    cleanups.unshift(() => server.stop());
    expect(server.output()).toMatch(/WARNING: listening on every network interface without sign-in: anyone who can reach this port can run generations on your hosts' API keys/);
  });

  /** `npm start` as a user runs it: scripts/serve.mjs, no -H. */
  async function launch(env: Record<string, string>, chosenPort?: number): Promise<{ port: number; output: () => string }> {
    const d = await data();
    const port = chosenPort ?? (await freePort());
    let output = "";
    const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/serve.mjs"), "start", "-p", String(port)], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", ...noHostKeys(), ...LOCAL_MODE, DATA_DIR: d.dataDir, PORT: String(port), ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    cleanups.unshift(async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.ok, 60_000, `the launcher's server: ${output}`);
    return { port, output: () => output };
  }

  it("`npm start` (scripts/serve.mjs) listens on 127.0.0.1 when HOST is not set", async () => {
    const { port, output } = await launch({ HOST: "", APP_URL: "" });
    expect(output()).toContain("listening on 127.0.0.1 only");
    const outside = outsideAddress();
    if (outside) expect(await reachable(outside, port)).toBe(false);
  });

  it("`npm start` with HOST=0.0.0.0 listens everywhere, with the warning", async () => {
    const port = await freePort();
    const launched = await launch({ HOST: "0.0.0.0", APP_URL: `http://127.0.0.1:${port}` }, port);
    expect(launched.output()).toContain("WARNING: listening on every network interface without sign-in");
    const outside = outsideAddress();
    if (outside) expect(await reachable(outside, launched.port)).toBe(true);
  });
});
