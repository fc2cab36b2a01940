import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import type { ComparisonDto } from "@/lib/compare/types";
import type { GenerationDto } from "@/lib/jobs/types";
import { getAdapter } from "@/lib/providers/registry";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/types";
import { startEchoKeyHost, type EchoKeyHost } from "../support/echo-key-host";
import { useAppEnv } from "./helpers/app-env";
import { startAppServer, waitFor, type AppServer } from "./helpers/app-server";
import { startSandboxServer, type SandboxServer } from "./helpers/sandbox-server";
import { backends, createTestData, type TestData } from "./helpers/test-database";

/**
 * Canary keys: the production build with a distinct key per host, every host live against its
 * emulator (BFL's behind a host that echoes the key in its errors and redirects to another origin),
 * and a user's own key. After runs, failures, a comparison, a share page and its card, the export,
 * the inspector and its snippets, no canary may appear in anything the server answered, logged,
 * built or stored, except the encrypted key store (and the redirect target never got a key header).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const canary = (who: string) => `canary-${who}-${randomBytes(9).toString("hex")}`;

describe.each(backends())("canary keys on %s", (backend) => {
  const serverKeys = Object.fromEntries(PROVIDER_IDS.map((id) => [id, canary(id)])) as Record<ProviderId, string>;
  const userKey = canary("user-bfl");
  const canaries = [...Object.values(serverKeys), userKey];

  let hostsData: TestData;
  let data: TestData;
  let hostsEnv: { restore: () => Promise<void> };
  let sandbox: SandboxServer;
  let echo: EchoKeyHost;
  let server: AppServer;
  /** Faults the emulators inject, per host, while a step needs them. */
  const faults: Partial<Record<ProviderId, string>> = {};
  /** Everything the server answered: status, headers and body bytes of each response. */
  const answers: { what: string; text: string }[] = [];

  beforeAll(async () => {
    // The emulators run in this process, with their task files in a directory of their own.
    hostsData = await createTestData("pglite");
    hostsEnv = await useAppEnv(hostsData, { SANDBOX_LATENCY_MS: "200" });
    sandbox = await startSandboxServer({ faultFor: (provider) => faults[provider as ProviderId] ?? null });
    echo = await startEchoKeyHost({ upstream: sandbox.baseUrl("bfl") });
    data = await createTestData(backend);
    const hostEnv = Object.fromEntries(
      PROVIDER_IDS.flatMap((id) => [
        [`${id.toUpperCase()}_API_KEY`, serverKeys[id]],
        [`${id.toUpperCase()}_BASE_URL`, id === "bfl" ? echo.origin : sandbox.baseUrl(id)],
      ]),
    );
    // BFL's polling and result URLs point past the echoing host at the emulators, and its redirect
    // at another origin: loopback servers standing for public hosts, so the address guard is told
    // they are allowed.
    const emulators = `${new URL(sandbox.baseUrl("bfl")).host},${new URL(echo.elsewhere.origin).host}`;
    server = await startAppServer({ DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl, JOB_POLL_INTERVAL_MS: "100", JOB_DEADLINE_MS: "20000", IMAGE_FETCH_ALLOW_HOSTS: emulators, ...hostEnv });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await echo?.close();
    await sandbox?.close();
    await hostsEnv?.restore();
    await data?.dispose();
    await hostsData?.dispose();
  });

  async function call(p: string, init?: RequestInit): Promise<Response> {
    const res = await fetch(`${server.origin}${p}`, init);
    const bytes = Buffer.from(await res.clone().arrayBuffer());
    answers.push({ what: `${init?.method ?? "GET"} ${p}`, text: `${res.status}\n${JSON.stringify([...res.headers])}\n${bytes.toString("latin1")}` });
    return res;
  }
  const send = (method: string, p: string, body: unknown) => call(p, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const generation = async (id: string) => (await (await call(`/api/v1/generations/${id}`)).json()) as GenerationDto;
  const ended = (id: string) =>
    waitFor(async () => {
      const dto = await generation(id);
      return dto.status !== "queued" && dto.status !== "running" && dto;
    }, 45_000, `generation ${id} to end`);

  async function run(provider: ProviderId, prompt: string): Promise<GenerationDto> {
    const model = getAdapter(provider).models[0];
    const params = model === "flux-pro-1.1" ? { prompt, width: 512, height: 512, seed: 5 } : { prompt, aspect_ratio: "1:1", seed: 5 };
    const res = await send("POST", "/api/v1/generations", { model, provider, params });
    expect(res.status, await res.clone().text()).toBe(202);
    return ended((await res.json()).id);
  }

  /** The canaries found in a text, by whose they are (empty: none). */
  const leaks = (text: string) => canaries.filter((c) => text.includes(c));

  it("exercises every feature with live hosts and leaks no key anywhere", { timeout: 240_000 }, async () => {
    const providers = (await (await call("/api/v1/providers")).json()).providers as { id: string; mode: string }[];
    expect(providers.map((p) => p.mode)).toEqual(PROVIDER_IDS.map(() => "live"));

    // Runs on every host with the server's keys.
    const runs = await Promise.all(PROVIDER_IDS.map((id) => run(id, `canary run on ${id}`)));
    for (const dto of runs) expect(dto.status, `${dto.provider}: ${JSON.stringify(dto.error)}`).toBe("succeeded");

    // Failures the emulators inject (a refused key, a 429 that passes on retry).
    faults.fal = "auth";
    faults.together = "auth";
    faults.replicate = `rate_limit*1#canary-${backend}`;
    const [falAuth, togetherAuth, replicateLimited] = await Promise.all([run("fal", "refused key"), run("together", "refused key"), run("replicate", "throttled once")]);
    for (const k of Object.keys(faults)) delete faults[k as ProviderId];
    expect(falAuth.error?.code).toBe("auth");
    expect(togetherAuth.error?.code).toBe("auth");
    expect(replicateLimited.status).toBe("succeeded");

    // The careless host: the key echoed in a refusal and in a 429, and a cross-origin redirect.
    const echoedAuth = await run("bfl", "echo-auth please");
    expect(echoedAuth.error).toMatchObject({ code: "auth", message: expect.stringContaining("Invalid key Bearer <redacted>") });
    // A host that keeps answering 429 is waited for (the pace drops) until the run's deadline (20 s here).
    const echoedLimit = await run("bfl", "echo-limit please");
    expect(echoedLimit.error).toMatchObject({ code: "rate_limited", message: expect.stringContaining("<redacted>") });
    const redirected = await run("bfl", "echo-redirect please");
    // The other origin got the submit without the key, and the emulator behind it refused it.
    expect(echo.elsewhere.received.length).toBeGreaterThan(0);
    expect(redirected.error?.code).toBe("auth");

    // A user's own key, echoed the same way.
    expect((await send("PUT", "/api/v1/keys/bfl", { apiKey: userKey })).status).toBe(204);
    const ownEchoed = await run("bfl", "echo-auth with my own key");
    expect(ownEchoed).toMatchObject({ keySource: "user", error: { code: "auth", message: expect.stringContaining("<redacted>") } });
    const ownRun = await run("bfl", "my own key, fine");
    expect(ownRun.status).toBe("succeeded");
    expect((await call("/api/v1/keys/bfl/balance")).status).toBe(200);
    expect(echo.keysSeen).toContain(userKey);
    expect(echo.keysSeen).toContain(serverKeys.bfl);

    // A comparison across every host, whose BFL cell (the user's key) is refused with an echo.
    const compared = await send("POST", "/api/v1/comparisons", { model: "flux-pro-1.1", providers: [...PROVIDER_IDS], seeds: [1], params: { prompt: "echo-auth in a comparison", width: 512, height: 512 }, confirm: true });
    expect(compared.status, await compared.clone().text()).toBe(202);
    const comparisonId = (await compared.json()).id as string;
    const comparison = await waitFor(async () => {
      const dto = (await (await call(`/api/v1/comparisons/${comparisonId}`)).json()) as ComparisonDto;
      return dto.generations.every((g) => g.status !== "queued" && g.status !== "running") && dto;
    }, 60_000, "the comparison to end");
    expect(comparison.generations.find((g) => g.provider === "bfl")?.error?.message).toContain("<redacted>");

    // Shares of a refused run and of the comparison: pages and cards.
    const slugs: string[] = [];
    for (const body of [{ generationId: ownEchoed.id }, { generationId: echoedAuth.id }, { comparisonId }]) {
      const res = await send("POST", "/api/v1/shares", body);
      expect(res.status).toBe(201);
      slugs.push((await res.json()).slug);
    }
    for (const slug of slugs) {
      const page = await call(`/s/${slug}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("&lt;redacted&gt;");
      expect((await call(`/s/${slug}/opengraph-image`)).headers.get("content-type")).toBe("image/png");
    }

    // The inspector (the host's answers as recorded) and its snippets.
    for (const dto of [...runs, echoedAuth, echoedLimit, redirected, ownEchoed, falAuth]) {
      const inspector = await (await call(`/api/v1/generations/${dto.id}/inspector`)).json();
      expect(inspector.tasks[0].exchanges.length).toBeGreaterThan(0);
      expect(inspector.tasks[0].curl).toContain(`\${${getAdapter(dto.provider as ProviderId).env.apiKey[0]}}`);
    }
    const echoedInspector = JSON.stringify(await (await call(`/api/v1/generations/${echoedAuth.id}/inspector`)).json());
    expect(echoedInspector).toContain("Invalid key Bearer <redacted>");

    // Lists, history, export (JSON and zip), pages.
    for (const p of [
      "/api/v1/generations?limit=50",
      "/api/v1/history",
      "/api/v1/history/totals",
      "/api/v1/history/spend",
      "/api/v1/history/export?format=json",
      "/api/v1/history/export?format=zip",
      "/api/v1/keys",
      "/api/v1/limits",
      "/api/v1/models",
      "/api/v1/leaderboard?model=flux-pro-1.1",
      "/",
      "/history",
      "/compare",
      `/compare/${comparisonId}`,
      "/hosts",
      "/keys",
      "/leaderboard",
    ]) {
      expect((await call(p)).status, p).toBe(200);
    }
    // A finished run's event stream (it sends the final state, then closes).
    await (await call(`/api/v1/generations/${echoedAuth.id}/events`)).text();

    // Every answer, the server's output and the build: no canary.
    expect(answers.length).toBeGreaterThan(60);
    for (const answer of answers) expect(leaks(answer.text), answer.what).toEqual([]);
    expect(leaks(server.output())).toEqual([]);
    // No header with a key went to the other origin.
    for (const headers of echo.elsewhere.received) {
      expect(Object.keys(headers)).not.toEqual(expect.arrayContaining(["x-key"]));
      expect(headers.authorization).toBeUndefined();
      expect(leaks(JSON.stringify(headers))).toEqual([]);
    }
    const staticFiles = await filesUnder(path.join(ROOT, ".next", "static"));
    expect(staticFiles.length).toBeGreaterThan(10);
    for (const file of staticFiles) expect(leaks((await readFile(file)).toString("latin1")), file).toEqual([]);
  });

  it("stored no canary in any table (the key store holds the user's key encrypted)", { timeout: 60_000 }, async () => {
    await server.stop();
    const tables = await readAllTables(data);
    expect(Object.keys(tables)).toEqual(expect.arrayContaining(["public.generations", "public.generation_tasks", "public.user_keys", "public.shares", "public.comparisons"]));
    for (const [table, text] of Object.entries(tables)) expect(leaks(text), table).toEqual([]);
    // The exchanges are there, redacted: the check above looked at real records.
    expect(tables["public.generation_tasks"]).toContain("Invalid key Bearer <redacted>");
    expect(tables["public.user_keys"]).toContain(userKey.slice(-4));
    // Nor in the files the server keeps (images, the local keys secret, the embedded database's own files).
    for (const file of await filesUnder(data.dataDir)) expect(leaks((await readFile(file)).toString("latin1")), file).toEqual([]);
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const asText = (rows: unknown[]) =>
  JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? String(value) : value instanceof Uint8Array ? Buffer.from(value).toString("latin1") : value));

const TABLES_SQL = "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')";

/** Every row of every table, as text, by `schema.table`. */
async function readAllTables(data: TestData): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (data.databaseUrl) {
    const client = new pg.Client({ connectionString: data.databaseUrl });
    await client.connect();
    try {
      for (const t of (await client.query(TABLES_SQL)).rows) out[`${t.table_schema}.${t.table_name}`] = asText((await client.query(`select * from "${t.table_schema}"."${t.table_name}"`)).rows);
    } finally {
      await client.end();
    }
    return out;
  }
  const db = await PGlite.create(path.join(data.dataDir, "db"));
  try {
    for (const t of (await db.query<{ table_schema: string; table_name: string }>(TABLES_SQL)).rows) {
      out[`${t.table_schema}.${t.table_name}`] = asText((await db.query(`select * from "${t.table_schema}"."${t.table_name}"`)).rows);
    }
  } finally {
    await db.close();
  }
  return out;
}

describe("a key variable with a control character", () => {
  it("stops the production server at start-up, naming the variable and not the key", { timeout: 90_000 }, async () => {
    const data = await createTestData("pglite");
    try {
      const error = await startAppServer({ DATA_DIR: data.dataDir, RUNWARE_API_KEY: "canary-runware\u0007-0123456789" }).then(
        (server) => server.stop().then(() => null),
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/RUNWARE_API_KEY: RUNWARE_API_KEY contains a control character at position 15/);
      expect(error?.message).not.toContain("0123456789");
    } finally {
      await data.dispose();
    }
  });
});
