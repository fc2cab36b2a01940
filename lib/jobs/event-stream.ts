import { onGenerationChange } from "./events";
import { getGenerationDto } from "./service";
import { isTerminal } from "./types";

/** How often a stream re-reads the database: the path for changes made by another instance. */
const RECHECK_MS = 1000;
const HEARTBEAT_MS = 15_000;

/**
 * A stream of a generation's states as server-sent events. Changes in this process are pushed at
 * once; reads are serialised and identical states are not sent twice; it closes after the end.
 */
export function generationEventStream(id: string, userId: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let last = "";
      let closed = false;
      let reading = false;
      let dirty = false;
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const push = async () => {
        if (closed) return;
        if (reading) {
          dirty = true;
          return;
        }
        reading = true;
        try {
          do {
            dirty = false;
            const dto = await getGenerationDto(id, userId);
            if (closed) return;
            if (!dto) return close();
            const json = JSON.stringify(dto);
            if (json !== last) {
              last = json;
              controller.enqueue(encoder.encode(`event: generation\ndata: ${json}\n\n`));
            }
            if (isTerminal(dto.status)) return close();
          } while (dirty);
        } catch {
          // A failed read is retried by the next change or recheck.
        } finally {
          reading = false;
        }
      };
      const unsubscribe = onGenerationChange(id, () => void push());
      const recheck = setInterval(() => void push(), RECHECK_MS);
      const heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(recheck);
        clearInterval(heartbeat);
      };
      signal.addEventListener("abort", close, { once: true });
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      void push();
    },
    cancel() {
      cleanup();
    },
  });
}
