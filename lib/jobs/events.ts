import { EventEmitter } from "node:events";

/**
 * In-process notifications that a generation changed, so server-sent event streams push at once.
 * Other instances' changes reach a stream through its periodic database check.
 */
const bus = ((globalThis as unknown as { __fluxJobBus?: EventEmitter }).__fluxJobBus ??= (() => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return emitter;
})());

export function publishGenerationChange(id: string) {
  bus.emit(`generation:${id}`);
}

export function onGenerationChange(id: string, listener: () => void): () => void {
  bus.on(`generation:${id}`, listener);
  return () => bus.off(`generation:${id}`, listener);
}
