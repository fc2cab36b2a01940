import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { noHostKeys } from "./host-env";

/**
 * A real instance of the production build (`next start`), for what only a process can show:
 * work that goes on with no client, and a restart in the middle of a job.
 */
const ROOT = path.resolve(import.meta.dirname, "../../..");

export function assertBuilt() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (`npm test` does it).");
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  origin: string;
  port: number;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * `host`: the address to listen on (-H); the server is still reached through 127.0.0.1.
 * `healthy: false`: up once /api/health answers at all (a server whose database is down answers 503).
 */
export async function startAppServer(
  env: Record<string, string | undefined>,
  port?: number,
  { host = "127.0.0.1", healthy = true }: { host?: string; healthy?: boolean } = {},
): Promise<AppServer> {
  assertBuilt();
  const chosen = port ?? (await freePort());
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(chosen), "-H", host], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...noHostKeys(), ...env, PORT: String(chosen) } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const origin = `http://127.0.0.1:${chosen}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${output}`);
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok || !healthy) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not become healthy: ${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    origin,
    port: chosen,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
