import type { NewTask } from "@/lib/db/queries";
import type { CanonicalParams, ModelId } from "@/lib/models";
import { seedForImage } from "@/lib/models/fields";
import type { ProviderConnection } from "@/lib/providers/registry";
import { slotKeyFor } from "./slot-queue";

/**
 * A generation's rows of host tasks on one host: the adapter's own requests say how the batch is
 * split (one task per image, or one for all). Used at creation and when a failover changes host.
 */
export function hostTasks(generationId: string, connection: ProviderConnection, model: ModelId, params: CanonicalParams): NewTask[] {
  const requests = connection.adapter.buildRequests(model, params, { baseUrl: connection.baseUrl, apiKey: connection.apiKey, requestKey: generationId });
  const imagesPerTask = Math.max(1, Math.round(params.num_images / requests.length));
  const slotKey = slotKeyFor(connection);
  return requests.map((_, t) => ({
    id: `${generationId}-${t}`,
    generationId,
    // Images are numbered across the batch: task t makes images t*k .. t*k + k - 1.
    index: t * imagesPerTask,
    imageCount: imagesPerTask,
    status: "pending" as const,
    seed: seedForImage(params.seed, t * imagesPerTask) ?? null,
    slotKey,
  }));
}
