import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { GenerationDto } from "@/lib/jobs/types";
import type { LedgerCounts } from "@/lib/sandbox/ledger";
import { freePort, startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/**
 * SIGKILL of the production server at each stage of a job, with the hosts in a process of their
 * own (tests/support/sandbox-host.ts) that outlives it, as a real host does. The host holds the
 * stage's answer (`hold_<stage>`, given by its SANDBOX_FAULT: per-run options are for the app's
 * own sandbox only) while the app is killed; the app restarts on the same data and database.
 *
 * - While polling or downloading: the job resumes from its stored handle and completes, with one
 *   task at the host and one image stored.
 * - Before the host answered the submit: the task was stored as "submitting" before it was sent,
 *   so the restarted server knows the host may have it. BFL cannot recognise a second submit: the
 *   job fails, saying so, and is not sent twice (the host took it: a live key would pay for that
 *   one task, never for two). Apiframe can (the same Idempotency-Key returns the job it created):
 *   the job is sent again, Apiframe answers with the same job, and it completes.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const HOLD_MS = 4000;
const HOSTS = ["bfl", "apiframe"] as const;
type Stage = "submit" | "poll" | "download";

interface SandboxHost {
  origin: string;
  stop: () => Promise<void>;
}

async function startSandboxHost(dataDir: string, fault: string): Promise<SandboxHost> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tests/support/sandbox-host.ts"), String(port)], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, SANDBOX_FAULT: fault, SANDBOX_LATENCY_MS: "1500", NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`sandbox host exited: ${output}`);
    return fetch(`${origin}/api/sandbox/bfl/_ledger`).then((r) => r.ok, () => false);
  }, 60_000, "the sandbox host to listen");
  return {
    origin,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

describe.each(backends())("SIGKILL mid-job on %s, hosts in their own process", (backend) => {
  describe.each<Stage>(["submit", "poll", "download"])("killed while the host holds the %s", (stage) => {
    let data: TestData;
    let hostDir: string;
    let host: SandboxHost;
    let app: AppServer;
    let appEnv: Record<string, string | undefined>;
    // Held once per host: the resumed run's own call of that stage is answered at once.
    const fault = `hold_${stage}=${HOLD_MS}*${HOSTS.length}#restart-${backend}-${stage}`;

    beforeAll(async () => {
      data = await createTestData(backend);
      hostDir = await mkdtemp(path.join(os.tmpdir(), "flux-host-"));
      host = await startSandboxHost(hostDir, fault);
      appEnv = { DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl, JOB_POLL_INTERVAL_MS: "200" };
      for (const id of HOSTS) {
        // Live mode against the emulator: the app's own key and base URL for each host.
        appEnv[`${id.toUpperCase()}_API_KEY`] = `restart-test-${id}-key`;
        appEnv[`${id.toUpperCase()}_BASE_URL`] = `${host.origin}/api/sandbox/${id}`;
      }
      app = await startAppServer(appEnv);
    }, 120_000);
    afterAll(async () => {
      await app?.stop();
      await host?.stop();
      await data?.dispose();
      if (hostDir) await rm(hostDir, { recursive: true, force: true });
    });

    const ledger = async (id: string): Promise<LedgerCounts> => (await fetch(`${host.origin}/api/sandbox/${id}/_ledger?key=${encodeURIComponent(fault)}`)).json();
    const get = async (id: string) => (await (await fetch(`${app.origin}/api/v1/generations/${id}`)).json()) as GenerationDto;

    it("resumes after the restart as the stage allows, never submitting twice", async () => {
      const ids: Record<string, string> = {};
      for (const provider of HOSTS) {
        const res = await fetch(`${app.origin}/api/v1/generations`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "flux-pro-1.1", provider, params: { prompt: `killed at ${stage}`, width: 256, height: 256, seed: 3 } }),
        });
        expect(res.status).toBe(202);
        ids[provider] = (await res.json()).id;
      }
      const counter = stage === "submit" ? "submits" : stage === "poll" ? "polls" : "downloads";
      // Both hosts are inside the held stage: the app waits for their answers.
      await waitFor(async () => {
        const counts = await Promise.all(HOSTS.map(ledger));
        return counts.every((c) => c[counter] >= 1);
      }, 20_000, `both hosts to hold the ${stage}`);
      await waitFor(async () => (await Promise.all(HOSTS.map(async (provider) => (await get(ids[provider])).status === "running"))).every(Boolean), 10_000, "both runs to be running");
      await app.stop("SIGKILL");
      app = await startAppServer(appEnv, app.port);

      const ended = async (id: string) =>
        waitFor(async () => {
          const dto = await get(id);
          return !["queued", "running"].includes(dto.status) && dto;
        }, 40_000, `generation ${id} to end after the restart`);
      const bfl = await ended(ids.bfl);
      const apiframe = await ended(ids.apiframe);
      const [bflLedger, apiframeLedger] = await Promise.all(HOSTS.map(ledger));

      // Whatever the stage, the host never took the work twice.
      expect(bflLedger.accepted).toBe(1);
      expect(apiframeLedger.accepted).toBe(1);
      expect(apiframe.status).toBe("succeeded");
      expect(apiframe.images).toHaveLength(1);
      if (stage === "submit") {
        expect(bfl.status).toBe("failed");
        expect(bfl.error?.code).toBe("provider_error");
        expect(bfl.error?.message).toMatch(/stopped before the host answered the submit.*not sent again/);
        expect(bflLedger.submits).toBe(1);
        // Apiframe was sent the same request again; it answered with the job it had.
        expect(apiframeLedger.submits).toBe(2);
      } else {
        expect(bfl.status).toBe("succeeded");
        expect(bfl.images).toHaveLength(1);
        expect(bflLedger.submits).toBe(1);
        expect(apiframeLedger.submits).toBe(1);
        // An interrupted download is fetched again (the file was never stored); one image is kept.
        if (stage === "download") expect(bflLedger.downloads).toBe(2);
      }
      // The stored images open: nothing was lost.
      for (const dto of [bfl, apiframe]) {
        for (const image of dto.images) expect((await fetch(`${app.origin}${image.url}`)).status).toBe(200);
      }
    }, 120_000);
  });
});
