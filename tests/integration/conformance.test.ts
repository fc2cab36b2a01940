import { evaluateCapabilities } from "@/lib/providers/capabilities";
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { createFalClient } from "@fal-ai/client";
import OpenAI, { toFile } from "openai";
import Replicate from "replicate";
import { describeFields, outputSize, parseParams, type CanonicalParams, type ModelId } from "@/lib/models";
import { estimateCost, imagePrice, priceRule, roundUsd } from "@/lib/pricing";
import { ProviderError, type ErrorCode } from "@/lib/providers/errors";
import { downloadFile } from "@/lib/providers/http";
import { getAdapter, PROVIDER_IDS } from "@/lib/providers/registry";
import type { AdapterContext, HttpRequest, ProviderAdapter, ProviderId, TaskHandle, TaskUpdate } from "@/lib/providers/types";
import { FAULT_HEADER, LATENCY_HEADER } from "@/lib/sandbox/faults";
import { errorOf, useSandboxEnv } from "./helpers/adapter-harness";
import { FAULTS, HOST_FAULTS, type Cell, type Fault } from "./helpers/host-faults";
import { atBound, everyFieldSet, paramProbes, PROBE_PROMPT, requiredParams, valuesAt, wireFields } from "./helpers/param-probes";

/**
 * The adapter conformance suite (issue 11): one table, every host x every model it lists, each
 * row held to the same contract. Requests are built as the host expects them, every canonical
 * parameter reaches the wire as the capability table says (or is reported dropped), each
 * emulator's lifecycle and faults end in the documented states and codes, every row has a price,
 * and the host's official client, where there is one, accepts the adapter's own request. A new host
 * or model is covered the moment it is registered: it adds a row, not a file of tests (its faults
 * are one entry of helpers/host-faults.ts, its official client one entry below).
 */
const { server } = useSandboxEnv();

const KEY = "conformance-secret-key-0451";
const LATENCY_MS = 150;
/** Long enough that a loaded machine polls before the task is ready (async hosts must say pending). */
const PENDING_LATENCY_MS = 2500;

/** Sends an adapter's own request through the host's official client; gives the image URLs it got. */
type OfficialClient = (request: HttpRequest, baseUrl: string, headers: Record<string, string>) => Promise<string[]>;

/** Where the path after the base URL names the endpoint (`fal-ai/flux-pro/v1.1`, `v1/models/o/n/predictions`). */
const pathAfter = (url: string, baseUrl: string) => url.slice(baseUrl.length).replace(/^\//, "");

/** A data: URL as the file the OpenAI client uploads. */
const imageFile = (dataUrl: string) => {
  const [, type, base64] = /^data:([^;]+);base64,(.*)$/.exec(dataUrl)!;
  return toFile(Buffer.from(base64!, "base64"), `image.${type!.split("/")[1]}`, { type });
};

/** An edit's image or images (a list: the client sends `image[]` parts). */
const imageFiles = (image: string | string[]) => (Array.isArray(image) ? Promise.all(image.map(imageFile)) : imageFile(image));

/** The hosts whose official client the repo proves against the emulator (the row table's officialClient column). */
const OFFICIAL_CLIENTS: Partial<Record<ProviderId, OfficialClient>> = {
  fal: async (request, baseUrl, headers) => {
    const fal = createFalClient({
      credentials: KEY,
      requestMiddleware: async (r) => ({ ...r, url: r.url.replace("https://queue.fal.run", baseUrl), headers: { ...r.headers, ...headers } }),
    });
    const result = await fal.subscribe(pathAfter(request.url, baseUrl), { input: request.body as Record<string, unknown>, pollInterval: 50 });
    return (result.data as { images: { url: string }[] }).images.map((i) => i.url);
  },
  replicate: async (request, baseUrl, headers) => {
    const model = /^v1\/models\/([^/]+\/[^/]+)\/predictions$/.exec(pathAfter(request.url, baseUrl))?.[1];
    if (!model) throw new Error(`not a model prediction URL: ${request.url}`);
    const client = new Replicate({ auth: KEY, baseUrl: `${baseUrl}/v1`, fetch: (url, init) => fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } }) });
    const created = await client.predictions.create({ model, input: (request.body as { input: object }).input });
    const done = await client.wait(created, { interval: 50 });
    expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
    return [done.output].flat() as string[];
  },
  ...Object.fromEntries(
    (["together", "lumenfall"] as const).map((id) => [
      id,
      (async (request, _baseUrl, headers) => {
        const client = new OpenAI({ apiKey: KEY, baseURL: request.url.replace(/\/images\/(generations|edits)$/, ""), defaultHeaders: headers, maxRetries: 0 });
        // An edit (multipart): the client uploads the input image as its file part, the rest as form fields.
        const result = request.multipart
          ? await client.images.edit({ ...(request.body as OpenAI.ImageEditParamsNonStreaming), image: await imageFiles((request.body as { image: string | string[] }).image) })
          : await client.images.generate(request.body as OpenAI.ImageGenerateParamsNonStreaming);
        return (result.data ?? []).map((d) => d.url ?? `data:image/png;base64,${d.b64_json}`);
      }) satisfies OfficialClient,
    ]),
  ),
};

interface Row {
  host: ProviderId;
  model: ModelId;
  adapter: ProviderAdapter;
  officialClient: OfficialClient | null;
}

/** Derived from the registry, never typed again: every host x every model it lists. */
const ROWS: Row[] = PROVIDER_IDS.flatMap((host) => {
  const adapter = getAdapter(host);
  return adapter.models.map((model) => ({ host, model, adapter, officialClient: OFFICIAL_CLIENTS[host] ?? null }));
});

function parsed(model: ModelId, raw: Record<string, unknown>): CanonicalParams {
  const result = parseParams(model, { prompt: PROBE_PROMPT, ...requiredParams(model), ...raw });
  if (!result.ok) throw new Error(`${model}: invalid test params ${JSON.stringify(raw)}: ${JSON.stringify(result.issues)}`);
  return result.data as CanonicalParams;
}

const BUILD = { baseUrl: "https://host.example/base", apiKey: KEY, requestKey: "conformance-gen-1" };

function build(row: Row, raw: Record<string, unknown>): HttpRequest[] {
  return row.adapter.buildRequests(row.model, parsed(row.model, raw), BUILD);
}

/** A context for the host's emulator; `headers` (faults, latency) go with every call. */
function ctx(row: Row, headers: Record<string, string> = {}, requestTimeoutMs = 10_000): AdapterContext {
  return { baseUrl: server.baseUrl(row.host), apiKey: KEY, extraHeaders: { [LATENCY_HEADER]: String(LATENCY_MS), ...headers }, requestTimeoutMs };
}

/** A fault spec of this test alone: the emulator's counters (`*1`) and ledger are kept per `#key`. */
const faultSpec = (row: Row, spec: string) => `${spec}#conformance-${row.host}-${row.model}-${randomUUID()}`;

function requestsFor(row: Row, c: AdapterContext, raw: Record<string, unknown>): HttpRequest[] {
  return row.adapter.buildRequests(row.model, parsed(row.model, raw), { baseUrl: c.baseUrl, apiKey: c.apiKey, requestKey: randomUUID() });
}

/** The model's smallest run (each dimension at its minimum), so the emulator renders little. */
const smallParams = (model: ModelId): Record<string, unknown> =>
  Object.fromEntries(describeFields(model).filter((f) => f.ui.control === "dimension").map((f) => [f.name, f.jsonSchema.minimum]));

async function pollUntilDone(row: Row, handle: TaskHandle, c: AdapterContext, tolerate: (e: ProviderError) => boolean = () => false) {
  const raised: ProviderError[] = [];
  for (let i = 0; i < 400; i++) {
    const update = await row.adapter.poll(handle, c).catch((e: unknown) => {
      if (e instanceof ProviderError && tolerate(e)) return (raised.push(e), null);
      throw e;
    });
    if (update && update.state !== "pending") return { final: update, raised };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${row.host} × ${row.model}: the task never ended`);
}

/** How a run ended: its final update, or the error a call raised (a submit's, say). */
async function runToEnd(row: Row, c: AdapterContext): Promise<TaskUpdate | ProviderError> {
  const [request] = requestsFor(row, c, smallParams(row.model));
  try {
    const submitted = await row.adapter.submit(request!, c);
    return submitted.immediate ?? (await pollUntilDone(row, submitted.handle, c)).final;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
}

const codeOf = (end: TaskUpdate | ProviderError) => (end instanceof ProviderError ? end.code : end.state === "failed" ? end.error.code : end.state);

// Rows run side by side (vitest's maxConcurrency at a time): most of a row's time is waiting on its emulator.
describe.concurrent.each(ROWS)("$host × $model", (row) => {
  const what = (detail: string) => `${row.host} × ${row.model}: ${detail}`;
  const caps = row.adapter.capabilities[row.model] ?? {};
  const emulatesCount = caps.num_images?.treatment === "emulated";

  describe("request built", () => {
    const sets: [string, Record<string, unknown>][] = [
      ["defaults", {}],
      ["every field set", everyFieldSet(row.model)],
      ["every range at its minimum", atBound(row.model, "min")],
      ["every range at its maximum", atBound(row.model, "max")],
    ];
    it.each(sets)("%s: requests per num_images, to the base URL, the key only in a secret header, JSON bodies", (_label, raw) => {
      const params = parsed(row.model, raw);
      const requests = build(row, raw);
      expect(requests.length, what("one request per image, or one for the batch")).toBe(emulatesCount ? params.num_images : 1);
      const secret = row.adapter.secretHeaders.map((h) => h.toLowerCase());
      expect(secret.length, what("secretHeaders names the key's header")).toBeGreaterThan(0);
      for (const request of requests) {
        expect(request.url === BUILD.baseUrl || request.url.startsWith(`${BUILD.baseUrl}/`), what(`${request.url} is under the base URL`)).toBe(true);
        const carrying = Object.entries(request.headers).filter(([, value]) => value.includes(KEY)).map(([name]) => name.toLowerCase());
        expect(carrying.length, what("a header carries the key")).toBeGreaterThan(0);
        expect(carrying.filter((name) => !secret.includes(name)), what("the key only in secretHeaders")).toEqual([]);
        expect(request.url, what("no key in the URL")).not.toContain(KEY);
        expect(JSON.stringify(request.body ?? null), what("no key in the body")).not.toContain(KEY);
        expect(JSON.parse(JSON.stringify(request.body)), what("the body survives JSON")).toEqual(request.body);
      }
      // Pure: the same input builds the same bytes (the inspector and the snippets rely on it).
      expect(build(row, raw), what("buildRequests is pure")).toEqual(requests);
    });
  });

  describe("capabilities on the wire", () => {
    const probes = paramProbes(row.model);

    it("every parameter of the model's schema has a capability row, and every row names one", () => {
      const fields = describeFields(row.model).map((f) => f.name);
      for (const name of fields) expect(caps[name], what(`no capability row for parameter "${name}"`)).toBeDefined();
      for (const name of Object.keys(caps)) expect(fields, what(`capability row "${name}" names no parameter of the model`)).toContain(name);
    });

    it.each(probes.map((p) => [p.name, p] as const))("%s reaches the wire as its capability says", (name, probe) => {
      const capability = caps[name];
      if (!capability) throw new Error(what(`no capability row for parameter "${name}"`));
      const fields = wireFields(capability.wire, name);
      const at = (requests: HttpRequest[]) => requests.map((r) => fields.map((f) => valuesAt(r.body, f)));
      const baseline = build(row, probe.with);
      const changed: unknown[] = [];
      for (const value of probe.values) {
        const requests = build(row, { ...probe.with, [name]: value });
        const label = what(`${name} = ${JSON.stringify(value).slice(0, 60)} (${capability.treatment}${capability.wire ? ` at ${capability.wire}` : ""})`);
        switch (capability.treatment) {
          case "passthrough":
          case "renamed":
            for (const field of fields) {
              for (const request of requests) expect(valuesAt(request.body, field).length, `${label}: ${field} is in every request`).toBeGreaterThan(0);
              // A batch split into tasks gives task i seed + i: the first carries the value itself.
              expect(valuesAt(requests[0]!.body, field)[0], `${label}: ${field} carries the value`).toEqual(value);
            }
            break;
          case "converted":
          case "clamped":
            if (JSON.stringify(at(requests)) !== JSON.stringify(at(baseline))) changed.push(value);
            expect(at(requests).flat(2).length, `${label}: ${fields.join(", ")} is in the body`).toBeGreaterThan(0);
            break;
          case "dropped":
            expect(requests.map((r) => r.body), `${label}: a dropped value leaves the body as it was`).toEqual(baseline.map((r) => r.body));
            if (typeof value === "string") expect(JSON.stringify(requests), `${label}: the value appears nowhere`).not.toContain(value);
            // Reported: the run's warnings tell the user the value was not sent.
            expect(evaluateCapabilities(caps, parsed(row.model, { ...probe.with, [name]: value })).byParam[name], `${label}: reported as dropped`).toBeTruthy();
            break;
          case "emulated":
            // The host lacks it: the count of tasks reproduces it (num_images as n tasks).
            expect(requests.length, `${label}: one task each`).toBe(value);
            for (const request of requests) expect(valuesAt(request.body, name), `${label}: not sent, the host lacks it`).toEqual([]);
            break;
        }
      }
      if (capability.treatment === "converted" || capability.treatment === "clamped") {
        expect(changed.length, what(`${name} (${capability.treatment} at ${fields.join(", ")}): no value of ${JSON.stringify(probe.values)} changed the body there`)).toBeGreaterThan(0);
      }
    });

    it.runIf(emulatesCount && caps.seed && caps.seed.treatment !== "dropped")("a batch split into tasks gives image i the seed + i", () => {
      const fields = wireFields(caps.seed!.wire, "seed");
      const requests = build(row, { num_images: 3, seed: 100 });
      expect(requests.map((r) => valuesAt(r.body, fields[0]!)[0]), what("seeds per task")).toEqual([100, 101, 102]);
    });
  });

  describe("lifecycle against the emulator", () => {
    it("submits, is pending then ready, with downloadable images of the asked format and shape", async () => {
      const c = ctx(row, { [LATENCY_HEADER]: String(PENDING_LATENCY_MS) });
      const raw = { ...smallParams(row.model), num_images: 2, seed: 7, output_format: "png" };
      const params = parsed(row.model, raw);
      const images: string[] = [];
      // All tasks submitted, then each polled once, as the engine does: each is still running then.
      const submits = await Promise.all(requestsFor(row, c, raw).map((request) => row.adapter.submit(request, c)));
      const firstPolls = await Promise.all(submits.map((s) => (s.immediate ? null : row.adapter.poll(s.handle, c))));
      for (const [i, submitted] of submits.entries()) {
        expect(submitted.handle.taskId, what("a task id")).toBeTruthy();
        if (firstPolls[i]) expect(firstPolls[i]!.state, what("an asynchronous host says pending first")).toBe("pending");
        const final = submitted.immediate ?? (await pollUntilDone(row, submitted.handle, c)).final;
        expect(final, what("ready")).toMatchObject({ state: "ready" });
        if (final.state === "ready") images.push(...final.images.map((image) => image.url));
      }
      expect(images.length, what("num_images images")).toBe(params.num_images);
      const size = outputSize(row.model, params);
      for (const url of images) {
        const meta = await sharp(await downloadFile(url, c)).metadata();
        expect(meta.format, what("the asked output format")).toBe("png");
        // Hosts that snap sizes (Lumenfall) keep the aspect ratio: the shape is the contract.
        expect(Math.abs(meta.width! / meta.height! - size.width / size.height), what(`${meta.width}×${meta.height} has the shape of ${size.width}×${size.height}`)).toBeLessThan(0.02);
      }
    });

    const cells = FAULTS.flatMap((fault) => {
      const cell = HOST_FAULTS[row.host]?.[fault.id];
      return cell && !("na" in cell) ? [[fault.id, fault, cell] as const] : [];
    });

    it("has a row in the fault table for its host", () => {
      expect(HOST_FAULTS[row.host], what("add the host to tests/integration/helpers/host-faults.ts")).toBeDefined();
    });

    it.each(cells)("fault %s ends as documented", async (_id, fault: Fault, cell: Exclude<Cell, { na: string }>) => {
      const label = what(`${fault.id} (${cell.spec})`);
      // A poll fault needs the task still running when the create answers, whatever the machine's load.
      const latencyMs = cell.latencyMs ?? (fault.kind === "poll" ? PENDING_LATENCY_MS : LATENCY_MS);
      const c = ctx(row, { [FAULT_HEADER]: faultSpec(row, cell.spec), [LATENCY_HEADER]: String(latencyMs) }, fault.kind === "timeout" ? 2_000 : 20_000);
      const [request] = requestsFor(row, c, smallParams(row.model));
      switch (fault.kind) {
        case "transient": {
          const error = await errorOf(row.adapter.submit(request!, c));
          expect([error.code, error.retryable], label).toEqual([fault.raised, true]);
          if (error.code === "rate_limited") expect(error.retryAfterMs, `${label}: Retry-After passed on`).toBeGreaterThan(0);
          // The fault fired its one time (`*1`): the same request goes through now.
          const again = await row.adapter.submit(request!, c);
          expect(again.handle.taskId, `${label}: taken on the next try`).toBeTruthy();
          break;
        }
        case "poll": {
          const submitted = await row.adapter.submit(request!, c);
          expect(submitted.immediate, `${label}: polled, not answered at once`).toBeUndefined();
          const { final, raised } = await pollUntilDone(row, submitted.handle, c, (e) => e.retryable);
          expect(raised.map((e) => e.code), `${label}: one retryable error`).toEqual([fault.raised]);
          expect(final.state, `${label}: then ready`).toBe("ready");
          break;
        }
        case "timeout": {
          // Nobody answers: the call times out, or the task stays pending past its latency.
          const end = await row.adapter.submit(request!, c).then(
            async (submitted) => {
              if (submitted.immediate) return submitted.immediate;
              await new Promise((r) => setTimeout(r, LATENCY_MS * 3));
              return row.adapter.poll(submitted.handle, c);
            },
            (e: unknown) => e,
          );
          if (end instanceof ProviderError) expect([end.code, end.retryable], label).toEqual(["timeout", true]);
          else expect(end, label).toMatchObject({ state: "pending" });
          break;
        }
        default: {
          const end = await runToEnd(row, c);
          if (fault.id === "expired_result") {
            const ready = end as TaskUpdate;
            if (ready instanceof ProviderError || ready.state !== "ready") throw new Error(`${label}: expected ready, got ${codeOf(end)}`);
            const error = await errorOf(downloadFile(ready.images[0]!.url, c));
            expect([error.code, error.retryable], label).toEqual(["provider_error", false]);
            break;
          }
          const expected = (cell.code ?? fault.code) as ErrorCode;
          expect(codeOf(end), label).toBe(expected);
          const error = end instanceof ProviderError ? end : end.state === "failed" ? end.error : null;
          expect(error?.message.length, `${label}: says why`).toBeGreaterThan(0);
          // A final fault is not worth another try: the engine must not resend it.
          if (fault.kind === "final") expect(error?.retryable, `${label}: final`).toBe(false);
          expect(error?.message, `${label}: no key in the message`).not.toContain(KEY);
        }
      }
    });

    it("a host that answers too late ends the call as timeout", async () => {
      const c = ctx(row, { [FAULT_HEADER]: faultSpec(row, "hold_submit=3000") }, 300);
      const error = await errorOf(row.adapter.submit(requestsFor(row, c, smallParams(row.model))[0]!, c));
      expect([error.code, error.retryable], what("timeout")).toEqual(["timeout", true]);
    });

    it.runIf(row.adapter.cancel)("cancel stops a running task", async () => {
      const c = ctx(row, { [LATENCY_HEADER]: "60000" });
      const [request] = requestsFor(row, c, smallParams(row.model));
      // Without waiting for the result (Replicate's `Prefer: wait` would hold the create).
      const { Prefer: _prefer, ...headers } = request!.headers;
      const submitted = await row.adapter.submit({ ...request!, headers }, c);
      expect(submitted.immediate, what("still running")).toBeUndefined();
      await row.adapter.cancel!(submitted.handle, c);
      const { final } = await pollUntilDone(row, submitted.handle, c);
      expect(final.state === "failed" && final.error.code, what("canceled")).toBe("canceled");
    });

    it.runIf(row.adapter.balance)("balance reads what is left behind the key, and says when the key is refused", async () => {
      const balance = await row.adapter.balance!(ctx(row));
      expect(balance.usd, what("a balance in USD")).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(balance.usd), what("a finite balance")).toBe(true);
      const refused = await errorOf(row.adapter.balance!(ctx(row, { [FAULT_HEADER]: faultSpec(row, "auth") })));
      expect(refused.code, what("a refused key")).toBe("auth");
    });
  });

  it("has a price: the rule applied to the output size of the default params", () => {
    const rule = priceRule(row.host, row.model);
    if (!rule) throw new Error(what("no price rule"));
    const params = parsed(row.model, {});
    const { estimatedUsd } = estimateCost(row.host, row.model, params);
    expect(estimatedUsd, what("a positive price")).toBeGreaterThan(0);
    expect(estimatedUsd, what("the rule at outputSize")).toBe(roundUsd(imagePrice(rule, outputSize(row.model, params)) * params.num_images));
  });

  it.runIf(row.officialClient)("the official client accepts the adapter's request and gets its images", async () => {
    const headers = { [LATENCY_HEADER]: String(LATENCY_MS) };
    const c = ctx(row);
    const raw = { ...smallParams(row.model), num_images: 2 };
    const [request] = requestsFor(row, c, raw);
    const urls = await row.officialClient!(request!, server.baseUrl(row.host), headers);
    expect(urls.length, what("images of one request")).toBe(emulatesCount ? 1 : 2);
    for (const url of urls) expect((await sharp(await downloadFile(url, c)).metadata()).format, what("an image")).toBe("jpeg");
  });
});
