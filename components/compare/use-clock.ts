"use client";

import { useEffect, useState } from "react";

/**
 * The current time every `intervalMs`; null until mounted, so a server-rendered page and its
 * hydration print the same text.
 */
export function useClock(intervalMs: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
