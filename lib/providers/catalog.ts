/**
 * The hosts, one row each: who they are and which variables configure them. No imports, so the
 * environment schema, the browser, Playwright's config and the test servers read the same list the
 * adapters do. A host is this row and its module (lib/providers/<id>: adapter, per-model entries,
 * prices), registered in ./hosts.ts; everything else (ids, env schema, key lists) is derived.
 */
export interface HostFacts {
  id: string;
  name: string;
  /** The base URL of PROVIDERS.md's cheat sheet; `<ID>_BASE_URL` replaces it exactly. */
  defaultBaseUrl: string;
  /** The environment variables a user sets: the first key found wins. */
  env: { apiKey: readonly string[]; baseUrl: string };
  /** Where the wire facts come from (docs, SDK), shown on the hosts page. */
  docsUrl: string;
}

/** In the order the UI lists them. */
export const HOST_FACTS = [
  { id: "bfl", name: "Black Forest Labs", defaultBaseUrl: "https://api.bfl.ai", env: { apiKey: ["BFL_API_KEY"], baseUrl: "BFL_BASE_URL" }, docsUrl: "https://docs.bfl.ai/api-reference" },
  { id: "fal", name: "fal.ai", defaultBaseUrl: "https://queue.fal.run", env: { apiKey: ["FAL_API_KEY", "FAL_KEY"], baseUrl: "FAL_BASE_URL" }, docsUrl: "https://docs.fal.ai/model-endpoints/queue" },
  {
    id: "replicate",
    name: "Replicate",
    defaultBaseUrl: "https://api.replicate.com",
    env: { apiKey: ["REPLICATE_API_KEY", "REPLICATE_API_TOKEN"], baseUrl: "REPLICATE_BASE_URL" },
    docsUrl: "https://replicate.com/docs/reference/http",
  },
  { id: "runware", name: "Runware", defaultBaseUrl: "https://api.runware.ai/v1", env: { apiKey: ["RUNWARE_API_KEY"], baseUrl: "RUNWARE_BASE_URL" }, docsUrl: "https://runware.ai/docs/providers/bfl" },
  {
    id: "runflow",
    name: "Runflow",
    defaultBaseUrl: "https://api.runflow.io",
    env: { apiKey: ["RUNFLOW_API_KEY"], baseUrl: "RUNFLOW_BASE_URL" },
    docsUrl: "https://docs.runflow.io/models/black-forest-labs/flux-1-1-pro-ultra",
  },
  {
    id: "lumenfall",
    name: "Lumenfall",
    defaultBaseUrl: "https://api.lumenfall.ai/openai/v1",
    env: { apiKey: ["LUMENFALL_API_KEY"], baseUrl: "LUMENFALL_BASE_URL" },
    docsUrl: "https://docs.lumenfall.ai/api-reference/images/generate",
  },
  { id: "apiframe", name: "Apiframe", defaultBaseUrl: "https://api.apiframe.ai", env: { apiKey: ["APIFRAME_API_KEY"], baseUrl: "APIFRAME_BASE_URL" }, docsUrl: "https://docs-v2.apiframe.ai/images/flux/flux-1-1-pro" },
  {
    id: "together",
    name: "Together AI",
    defaultBaseUrl: "https://api.together.xyz",
    env: { apiKey: ["TOGETHER_API_KEY"], baseUrl: "TOGETHER_BASE_URL" },
    docsUrl: "https://docs.together.ai/reference/post-images-generations",
  },
] as const satisfies readonly HostFacts[];

export type ProviderId = (typeof HOST_FACTS)[number]["id"];
export const PROVIDER_IDS = HOST_FACTS.map((host) => host.id) as [ProviderId, ...ProviderId[]];

export function hostFacts(id: ProviderId): HostFacts {
  const facts = HOST_FACTS.find((host) => host.id === id);
  if (!facts) throw new Error(`Unknown host ${id}`);
  return facts;
}

export const providerName = (id: string) => HOST_FACTS.find((host) => host.id === id)?.name ?? id;

/** `<ID>_MAX_CONCURRENCY`: active tasks per key at the host. */
export const concurrencyVariable = (id: ProviderId) => `${id.toUpperCase() as Uppercase<ProviderId>}_MAX_CONCURRENCY` as const;

/**
 * Every variable that points the server at a real host (keys, under every name hosts' own clients
 * read, and base URLs): what a test server blanks so no run can reach a real host and be billed.
 */
export const HOST_VARIABLES: readonly string[] = HOST_FACTS.flatMap((host) => [...host.env.apiKey, host.env.baseUrl]);
