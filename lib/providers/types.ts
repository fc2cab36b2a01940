import type { CanonicalParams, ModelId } from "@/lib/models";
import type { ProviderError } from "./errors";

export type ProviderId = "bfl";

/** A host request, fully described: used to submit, and to show the user what was sent. */
export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
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
}

/** What the host gave us to find a task again; persisted as JSON as soon as the host answers. */
export interface TaskHandle {
  taskId: string;
  pollingUrl?: string;
}

export interface ReadyImage {
  /** The host's URL, often short-lived: download at once. */
  url: string;
  seed: number | null;
}

export type TaskUpdate =
  | { state: "pending"; progress: number | null }
  | { state: "ready"; images: ReadyImage[]; billedUsd: number | null }
  | { state: "failed"; error: ProviderError };

export interface SubmitResult {
  handle: TaskHandle;
  /** Cost the host reported on submit, in USD (BFL reports credits; often null). */
  billedUsd: number | null;
}

export interface ProviderAdapter {
  id: ProviderId;
  name: string;
  defaultBaseUrl: string;
  /** The environment variables a user sets to go live. */
  env: { apiKey: readonly string[]; baseUrl: string };
  models: readonly ModelId[];
  /** Header names (lower case) that carry the key: redacted wherever a request is shown or stored. */
  secretHeaders: readonly string[];
  /** Pure: one request per host task (BFL makes one image per task). */
  buildRequests(model: ModelId, params: CanonicalParams, ctx: Pick<AdapterContext, "baseUrl" | "apiKey">): HttpRequest[];
  submit(request: HttpRequest, ctx: AdapterContext): Promise<SubmitResult>;
  poll(handle: TaskHandle, ctx: AdapterContext): Promise<TaskUpdate>;
  /** Suggested pause between polls while the task is pending. */
  pollIntervalMs: number;
}
