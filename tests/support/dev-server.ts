import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HOST_VARIABLES } from "../../lib/providers/catalog";

export interface DevServer {
  origin: string;
  stop: () => Promise<void>;
}

/**
 * `npm run dev` (scripts/serve.mjs dev) on its own port and data directory, no keys: resolves once
 * the wrapper says the playground is ready (it has compiled the page and its scripts). For the few
 * specs that must hold in the dev server too (the "dev" Playwright project).
 */
export function startDevServer(port: number, timeoutMs = 240_000): Promise<DevServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "flux-e2e-dev-"));
  // No host's key or base URL: every host is its sandbox, nothing can reach a real one and be billed.
  const blank = [...HOST_VARIABLES, "AUTH_SECRET", "AUTH_URL", "AUTH_OIDC_ISSUER", "AUTH_GITHUB_ID", "AUTH_GOOGLE_ID", "DATABASE_URL"];
  const child = spawn(process.execPath, ["scripts/serve.mjs", "dev", "-p", String(port)], {
    env: { ...process.env, ...Object.fromEntries(blank.map((name) => [name, ""])), DATA_DIR: dataDir, SANDBOX_LATENCY_MS: "1200", JOB_POLL_INTERVAL_MS: "100", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: the wrapper, next and next's server stop together.
    detached: true,
  });
  const stop = async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return; // already gone
    }
    await new Promise((resolve) => child.once("exit", resolve));
  };
  let output = "";
  let ready = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`next dev was not ready within ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    // Read to the end either way: a full pipe would stall the server.
    child.stderr.on("data", (chunk) => ready || (output += String(chunk)));
    child.stdout.on("data", (chunk) => {
      if (ready) return;
      output += String(chunk);
      if (/Playground ready at/.test(output)) {
        ready = true;
        clearTimeout(timer);
        resolve({ origin: `http://127.0.0.1:${port}`, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`next dev exited (${code}):\n${output.slice(-2000)}`));
    });
  });
}
