import { getGeneration, getTasks } from "@/lib/db/queries";
import { getAdapter } from "@/lib/providers/registry";
import { toCurl, toFetch } from "@/lib/providers/snippets";
import { scrubValue, secretsToScrub } from "@/lib/security/scrub-secrets";
import type { HttpExchange, HttpRequest, ProviderId } from "@/lib/providers/types";

export interface InspectorTask {
  index: number;
  imageCount: number;
  status: string;
  /** The host's id for the task (its job / prediction / request id). */
  hostTaskId: string | null;
  /** The request as the host received it, key redacted. */
  request: HttpRequest | null;
  exchanges: HttpExchange[];
  curl: string | null;
  fetch: string | null;
}

export interface Inspector {
  generationId: string;
  provider: string;
  /** The variable the snippets read the key from. */
  keyEnvVar: string;
  tasks: InspectorTask[];
}

/** What was sent to the host and what it answered, per task: the proof that `raw` really arrived. */
export async function getInspector(id: string, userId: string): Promise<Inspector | null> {
  const generation = await getGeneration(id, userId);
  if (!generation) return null;
  const adapter = getAdapter(generation.provider as ProviderId);
  const keyEnvVar = adapter.env.apiKey[0];
  // Stored scrubbed with the run's key; shown scrubbed of every configured key as well.
  const secrets = secretsToScrub();
  const tasks = (await getTasks(id)).map((task) => ({ ...task, request: scrubValue(task.request, secrets), exchanges: scrubValue(task.exchanges, secrets) }));
  return {
    generationId: id,
    provider: generation.provider,
    keyEnvVar,
    tasks: tasks.map((task) => ({
      index: task.index,
      imageCount: task.imageCount,
      status: task.status,
      hostTaskId: task.handle?.taskId ?? null,
      request: task.request,
      exchanges: task.exchanges,
      curl: task.request ? toCurl(task.request, keyEnvVar) : null,
      fetch: task.request ? toFetch(task.request, keyEnvVar) : null,
    })),
  };
}
