import type { CanonicalParams, ModelId } from "@/lib/models";
import type { PriceRule } from "@/lib/pricing/rules";
import type { ModelCapabilities } from "./capabilities";
import type { ProviderError } from "./errors";
import type { HostFacts, ProviderId } from "./catalog";

export { PROVIDER_IDS, type ProviderId } from "./catalog";

/** A host request, fully described: used to submit, and to show the user what was sent. */
export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /**
   * Sent as multipart/form-data instead of JSON: each body field a form field, and the `files`
   * (data: URLs in the body) as file parts. The body stays plain data, for the inspector and snippets.
   */
  multipart?: { files: readonly string[] };
}

/** One request to a host and its answer, as the inspector shows it (key redacted by the caller). */
export interface HttpExchange {
  at: string;
  durationMs: number;
  request: HttpRequest;
  response: { status: number; headers: Record<string, string>; body: unknown } | { error: string };
}

/** Where and how to reach the host for one call; the key never leaves the server. */
export interface AdapterContext {
  baseUrl: string;
  apiKey: string;
  /** Extra headers for every call (the sandbox's fault and latency knobs). */
  extraHeaders?: Record<string, string>;
  signal?: AbortSignal;
  /** Per-request timeout; a hung host ends as a `timeout` error, not a hung job. */
  requestTimeoutMs?: number;
  /** Called with every exchange, for the inspector. */
  record?: (exchange: HttpExchange) => void;
}

/** What building requests may use: no I/O, so "copy as cURL" and the inspector get the same bytes. */
export interface BuildContext {
  baseUrl: string;
  apiKey: string;
  /**
   * Stable per generation: hosts that take a client-side id (Runware's taskUUID, Apiframe's
   * Idempotency-Key, Runflow's client_ref) derive it from this, so a resubmit is recognisable.
   */
  requestKey: string;
}

/** What the host gave us to find a task again; persisted as JSON as soon as the host answers. */
export interface TaskHandle {
  taskId: string;
  pollingUrl?: string;
  /** Host-specific extras (fal's response_url, Replicate's cancel URL...). */
  [extra: string]: unknown;
}

export interface ReadyImage {
  /** The host's URL (often short-lived: downloaded at once), or a data: URL. */
  url: string;
  seed: number | null;
}

export type TaskUpdate =
  | { state: "pending"; progress: number | null }
  | { state: "ready"; images: ReadyImage[]; billedUsd: number | null }
  | { state: "failed"; error: ProviderError };

/** What a host's balance endpoint says is left behind a key. */
export interface HostBalance {
  usd: number;
  /** In the host's own unit, where it counts in credits (BFL: 1 credit = $0.01). */
  credits: number | null;
}

export interface SubmitResult {
  handle: TaskHandle;
  /** Cost the host reported on submit, in USD. */
  billedUsd: number | null;
  /** Synchronous hosts (and Replicate's `Prefer: wait`) answer with the result itself. */
  immediate?: TaskUpdate;
}

/** A list price, with where it was read and when (PROVIDERS.md, the host's pricing section). */
export type ListPrice = Omit<PriceRule, "provider" | "model">;

/** What a host serves of one model: how each canonical parameter arrives, and what it costs. */
export interface ServedModel {
  capabilities: ModelCapabilities;
  price: ListPrice;
}

/**
 * A host's models: an entry per model it serves, none for the others. A host's own entries add
 * what its requests need (endpoint, body), typed with that model's params:
 * `{ [M in ModelId]?: ServedModel & { body: (params: ParamsOf<M>) => ... } }`.
 */
export type ServedModels = { [M in ModelId]?: ServedModel };

/** What a host module declares; `defineHost` derives the rest. */
export interface HostDefinition extends Omit<ProviderAdapter, keyof HostFacts | "models" | "capabilities" | "prices"> {
  id: ProviderId;
  serves: ServedModels;
}

export interface ProviderAdapter extends HostFacts {
  id: ProviderId;
  /** The models it serves, in the catalog's order (derived from its entries). */
  models: readonly ModelId[];
  /** Per model: how each canonical parameter reaches the host. */
  capabilities: Partial<Record<ModelId, ModelCapabilities>>;
  /** Its list price per model. */
  prices: readonly PriceRule[];
  /** Header names (lower case) that carry the key: redacted wherever a request is shown or stored. */
  secretHeaders: readonly string[];
  /** Pure: one request per host task (BFL: one image per task; fal: one task for the batch). */
  buildRequests(model: ModelId, params: CanonicalParams, ctx: BuildContext): HttpRequest[];
  submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult>;
  poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate>;
  /** The balance behind the key, where the host has an endpoint for it. */
  balance?(ctx: AdapterContext): Promise<HostBalance>;
  /** Asks the host to stop a task, where it has a way; best effort. */
  cancel?(handle: TaskHandle, ctx: AdapterContext): Promise<void>;
  /** The longest pause between polls while a task is pending. */
  pollIntervalMs: number;
  /**
   * The host recognises a resubmit of the same task (Apiframe's Idempotency-Key, Runware's
   * taskUUID): a submit whose answer was lost (reset, timeout, restart) may be sent again without
   * paying twice. Elsewhere such a submit is final.
   */
  resubmitSafe?: boolean;
  /** Active tasks the host allows per key, where its documentation says (else DEFAULT_MAX_CONCURRENCY). */
  maxConcurrency?: number;
}
