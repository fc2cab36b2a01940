import { env } from "@/lib/env";

/**
 * Fault injection for the sandbox hosts. A spec is a comma-separated list of fault names, each
 * optionally limited to the first N matching requests: `rate_limit*2` answers 429 twice, then
 * lets requests through. A fault may carry a number: `hold_submit=3000` holds each submit's answer
 * 3 s. Text after `#` is ignored except that it keys the counters (and the ledger, ./ledger.ts),
 * so tests can use `rate_limit*2#my-test` without sharing counts. From the `x-sandbox-fault`
 * header, else the SANDBOX_FAULT environment variable.
 */
export const FAULT_HEADER = "x-sandbox-fault";
export const LATENCY_HEADER = "x-sandbox-latency-ms";
/**
 * Set by blind comparisons: the picture must not tell which host drew it, so it leaves out the
 * host's name, its model id and the parameters in the host's own dialect (their names give it away).
 */
export const ANONYMOUS_HEADER = "x-sandbox-anonymous";

export function anonymousFrom(request: Request): boolean {
  return request.headers.get(ANONYMOUS_HEADER) === "1";
}

export interface FaultSpec {
  name: string;
  /** null: every time. */
  times: number | null;
  /** The number after `=`, e.g. a hold's milliseconds; null when none. */
  value: number | null;
}

export function parseFaultSpec(raw: string | null | undefined): { key: string; faults: FaultSpec[] } {
  const value = (raw ?? "").trim();
  const [list = ""] = value.split("#");
  const faults = list
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [named, times] = part.split("*");
      const [name, raw] = named.split("=");
      const count = times === undefined ? null : Number(times);
      const value = raw === undefined ? null : Number(raw);
      return {
        name: name.trim(),
        times: count !== null && Number.isInteger(count) && count > 0 ? count : null,
        value: value !== null && Number.isFinite(value) && value >= 0 ? value : null,
      };
    });
  return { key: value, faults };
}

export function faultSpecFrom(request: Request): string {
  return request.headers.get(FAULT_HEADER) ?? env().SANDBOX_FAULT ?? "";
}

const counters = ((globalThis as unknown as { __sandboxFaultCounters?: Map<string, number> }).__sandboxFaultCounters ??=
  new Map<string, number>());

const MAX_COUNTERS = 10_000;

/**
 * Whether fault `name` from the spec fires for this request. Limited faults count their uses per
 * spec key in memory (a restart resets them, as a host's transient fault would pass).
 */
export function takeFault(spec: { key: string; faults: FaultSpec[] }, names: readonly string[]): string | null {
  return takeFaultSpec(spec, names)?.name ?? null;
}

/** As takeFault, with the fault's value (`hold_submit=3000`). */
export function takeFaultSpec(spec: { key: string; faults: FaultSpec[] }, names: readonly string[]): FaultSpec | null {
  for (const fault of spec.faults) {
    if (!names.includes(fault.name)) continue;
    if (fault.times === null) return fault;
    const counterKey = `${spec.key}|${fault.name}`;
    const used = counters.get(counterKey) ?? 0;
    if (used < fault.times) {
      counters.set(counterKey, used + 1);
      // Every distinct `#key` makes a counter: the oldest are forgotten so memory stays bounded.
      if (counters.size > MAX_COUNTERS) counters.delete(counters.keys().next().value!);
      return fault;
    }
  }
  return null;
}

/** Simulated generation time: the header, else SANDBOX_LATENCY_MS, else the host's realistic default. */
export function latencyFrom(request: Request, fallbackMs: number): number {
  const header = Number(request.headers.get(LATENCY_HEADER));
  if (request.headers.has(LATENCY_HEADER) && Number.isFinite(header) && header >= 0) return header;
  return env().SANDBOX_LATENCY_MS ?? fallbackMs;
}
