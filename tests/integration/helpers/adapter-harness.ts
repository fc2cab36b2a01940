import { afterAll, beforeAll, expect } from "vitest";
import sharp from "sharp";
import { parseParams, type ModelId } from "@/lib/models";
import { ProviderError } from "@/lib/providers/errors";
import { downloadFile } from "@/lib/providers/http";
import type { AdapterContext, HttpRequest, ProviderAdapter, TaskHandle, TaskUpdate } from "@/lib/providers/types";
import { LATENCY_HEADER } from "@/lib/sandbox/faults";
import { startSandboxServer, type SandboxServer } from "./sandbox-server";
import { createTestData, type TestData } from "./test-database";
import { useAppEnv } from "./app-env";

/** The sandbox server of a test file, usable from the file's top level (it starts in beforeAll). */
export type SandboxHandle = Pick<SandboxServer, "origin" | "baseUrl">;

export interface SandboxEnvOptions {
  /** Extra app environment for the file (as `useAppEnv` takes it). */
  env?: Record<string, string | undefined>;
}

/**
 * Registers beforeAll/afterAll that give the file its own temp data (PGlite), point the in-process
 * app at it, and start the sandbox hosts on a loopback HTTP server; all undone after the file.
 */
export function useSandboxEnv({ env: vars = {} }: SandboxEnvOptions = {}) {
  let server: SandboxServer | undefined;
  let data: TestData | undefined;
  let env: { restore: () => Promise<void> } | undefined;

  beforeAll(async () => {
    data = await createTestData("pglite");
    env = await useAppEnv(data, vars);
    server = await startSandboxServer();
  });
  afterAll(async () => {
    await server?.close();
    await env?.restore();
    await data?.dispose();
  });

  const started = (): SandboxServer => {
    if (!server) throw new Error("the sandbox server starts in beforeAll: use it inside a test or hook");
    return server;
  };
  const handle: SandboxHandle = {
    get origin() {
      return started().origin;
    },
    baseUrl: (provider) => started().baseUrl(provider),
  };
  return {
    server: handle,
    /** The file's temp data directory. */
    dataDir: (): string => {
      if (!data) throw new Error("the test data is made in beforeAll: use it inside a test or hook");
      return data.dataDir;
    },
  };
}

export interface AdapterHarnessOptions extends SandboxEnvOptions {
  /** The `x-sandbox-latency-ms` every context sends (a test's own header overrides it). */
  latencyMs?: number;
  /** The key `ctx()` uses when none is given. */
  apiKey?: string;
  requestTimeoutMs?: number;
  /** The requestKey `request()` builds with when none is given (called once per request). */
  requestKey?: () => string;
  /** Canonical params merged under the ones a test gives. */
  defaultParams?: Record<string, unknown>;
  /** `request()` expects the adapter to build exactly one request (an assertion of the test). */
  expectOneRequest?: boolean;
}

const SMALL = { prompt: "x", width: 256, height: 256 };

/**
 * One host's adapter against that host's sandbox over real HTTP: the file's lifecycle (see
 * `useSandboxEnv`) and the helpers its tests share, bound to the adapter.
 */
export function useAdapterHarness(
  adapter: ProviderAdapter,
  {
    latencyMs = 150,
    apiKey: defaultApiKey = "sandbox-key",
    requestTimeoutMs = 10_000,
    requestKey: nextRequestKey = () => "test",
    defaultParams = {},
    expectOneRequest = true,
    ...sandbox
  }: AdapterHarnessOptions = {},
) {
  const { server, dataDir } = useSandboxEnv(sandbox);

  /** The host's sandbox base URL. */
  const baseUrl = () => server.baseUrl(adapter.id);

  /** A context for the host's sandbox; `headers` (faults, latency) are sent with every call. */
  function ctx(headers: Record<string, string> = {}, apiKey = defaultApiKey): AdapterContext {
    return { baseUrl: baseUrl(), apiKey, extraHeaders: { [LATENCY_HEADER]: String(latencyMs), ...headers }, requestTimeoutMs };
  }

  /** Every request the adapter builds for these canonical params. */
  function requests(model: ModelId, params: Record<string, unknown>, c: AdapterContext, requestKey = nextRequestKey()): HttpRequest[] {
    const parsed = parseParams(model, { ...defaultParams, ...params });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return adapter.buildRequests(model, parsed.data, { ...c, requestKey });
  }

  /** The (first) request the adapter builds for these canonical params. */
  function request(model: ModelId, params: Record<string, unknown>, c: AdapterContext, requestKey = nextRequestKey()): HttpRequest {
    const built = requests(model, params, c, requestKey);
    if (expectOneRequest) expect(built).toHaveLength(1);
    return built[0]!;
  }

  /** Polls every 25 ms until the task ends; `progress` is what each pending answer said. */
  async function pollToEnd(handle: TaskHandle, c: AdapterContext): Promise<{ final: TaskUpdate; progress: (number | null)[] }> {
    const progress: (number | null)[] = [];
    for (let i = 0; i < 200; i++) {
      const update = await adapter.poll(handle, c);
      if (update.state !== "pending") return { final: update, progress };
      progress.push(update.progress);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${adapter.name}: task never ended`);
  }

  /** Submits the request and gives its end: the immediate answer if the host gave one, else polled. */
  async function runToEnd(req: HttpRequest, c: AdapterContext): Promise<TaskUpdate> {
    const submitted = await adapter.submit(req, c);
    return submitted.immediate ?? (await pollToEnd(submitted.handle, c)).final;
  }

  /** Builds, submits and polls one request to its end (always polling, even after an immediate answer). */
  async function finalOf(c: AdapterContext, model: ModelId = "flux-pro-1.1", params: Record<string, unknown> = SMALL): Promise<TaskUpdate> {
    const submitted = await adapter.submit(request(model, params, c), c);
    return (await pollToEnd(submitted.handle, c)).final;
  }

  /** The ProviderError submitting these params ends with. */
  function submitError(c: AdapterContext, model: ModelId = "flux-pro-1.1", params: Record<string, unknown> = { prompt: "x" }): Promise<ProviderError> {
    return errorOf(adapter.submit(request(model, params, c), c));
  }

  return { server, baseUrl, dataDir, ctx, requests, request, pollToEnd, runToEnd, finalOf, submitError };
}

/** The ProviderError a call ends with (the test fails if it succeeds). */
export async function errorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** The update, which must be a ready one. */
export function readyOf(update: TaskUpdate | undefined) {
  if (update?.state !== "ready") throw new Error(`not ready: ${JSON.stringify(update)}`);
  return update;
}

/** [format, width, height] of an image. */
export async function metaOf(buffer: Buffer) {
  const meta = await sharp(buffer).metadata();
  return [meta.format, meta.width, meta.height];
}

/** [format, width, height] of the image at `url` (downloaded as the app does, data: URLs too). */
export async function imageMeta(url: string, c: AdapterContext) {
  return metaOf(await downloadFile(url, c));
}
