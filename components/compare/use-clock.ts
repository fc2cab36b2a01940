"use client";

import { useSyncExternalStore } from "react";

interface Clock {
  subscribe: (onTick: () => void) => () => void;
  read: () => number | null;
}

const clocks = new Map<number, Clock>();

/** One timer per pace, shared by everything that shows the time at that pace; it runs only while watched. */
function clockFor(intervalMs: number): Clock {
  const existing = clocks.get(intervalMs);
  if (existing) return existing;
  const listeners = new Set<() => void>();
  let now: number | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    now = Date.now();
    for (const listener of listeners) listener();
  };
  const clock: Clock = {
    subscribe(onTick) {
      listeners.add(onTick);
      if (listeners.size === 1) {
        timer = setInterval(tick, intervalMs);
        tick();
      }
      return () => {
        listeners.delete(onTick);
        if (listeners.size > 0) return;
        clearInterval(timer);
        now = null;
      };
    },
    read: () => now,
  };
  clocks.set(intervalMs, clock);
  return clock;
}

const noTimeOnServer = () => null;

/**
 * The current time every `intervalMs`; null in the server render and while hydrating, so both
 * print the same text.
 */
export function useClock(intervalMs: number): number | null {
  const clock = clockFor(intervalMs);
  return useSyncExternalStore(clock.subscribe, clock.read, noTimeOnServer);
}
