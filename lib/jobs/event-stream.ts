import { onGenerationChange } from "./events";
import { getGenerationDto } from "./service";
import { isTerminal } from "./types";

/** How often a stream re-reads the database: the path for changes made by another instance. */
const RECHECK_MS = 1000;
const HEARTBEAT_MS = 15_000;
/** How often a stream asks whether its caller is still signed in (team mode). */
const REAUTH_MS = 5_000;

export interface StreamOptions {
  /** False once the caller signed out or lost the token: the stream then closes. */
  stillAllowed?: () => Promise<boolean>;
}

/**
 * A stream of a generation's states as server-sent events. Changes in this process are pushed at
 * once; reads are serialised and identical states are not sent twice; it closes after the end.
 */
export function generationEventStream(id: string, userId: string, signal: AbortSignal, opts: StreamOptions = {}): ReadableStream<Uint8Array> {
  return generationsEventStream([id], userId, signal, opts);
}

/**
 * One stream for many generations (a comparison's cells): one connection instead of one per
 * cell, which browsers cap at six per origin.
 */
export function generationsEventStream(ids: readonly string[], userId: string, signal: AbortSignal, { stillAllowed }: StreamOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const last = new Map<string, string>();
      const ended = new Set<string>();
      // Cells to read again: the ones that changed, or all open ones at a recheck.
      const pending = new Set<string>(ids);
      let closed = false;
      let reading = false;
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
        if (closed || reading) return;
        reading = true;
        try {
          while (pending.size > 0) {
            const batch = [...pending];
            pending.clear();
            for (const id of batch) {
              if (ended.has(id)) continue;
              const dto = await getGenerationDto(id, userId);
              if (closed) return;
              if (!dto) {
                ended.add(id);
                continue;
              }
              const json = JSON.stringify(dto);
              if (json !== last.get(id)) {
                last.set(id, json);
                controller.enqueue(encoder.encode(`event: generation\ndata: ${json}\n\n`));
              }
              if (isTerminal(dto.status)) ended.add(id);
            }
            if (ended.size === ids.length) return close();
          }
        } catch {
          // A failed read is retried by the next change or recheck.
        } finally {
          reading = false;
        }
      };
      const lastEvent = new Map<string, number>();
      const unsubscribes = ids.map((id) =>
        onGenerationChange(id, () => {
          lastEvent.set(id, Date.now());
          pending.add(id);
          void push();
        }),
      );
      const unsubscribe = () => unsubscribes.forEach((off) => off());
      // Cells that changed here recently are known; the others may be run by another instance.
      const recheck = setInterval(() => {
        const quietSince = Date.now() - RECHECK_MS;
        for (const id of ids) if (!ended.has(id) && (lastEvent.get(id) ?? 0) < quietSince) pending.add(id);
        void push();
      }, RECHECK_MS);
      const heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, HEARTBEAT_MS);
      const reauth = stillAllowed
        ? setInterval(() => {
            stillAllowed().then(
              (allowed) => allowed || close(),
              () => {}, // a failed check is asked again at the next tick
            );
          }, REAUTH_MS)
        : undefined;
      cleanup = () => {
        unsubscribe();
        clearInterval(recheck);
        clearInterval(heartbeat);
        clearInterval(reauth);
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
