/**
 * Per-client token buckets: each client address may make `perMinute` requests a minute, in bursts
 * of up to that many. In memory, per instance: behind a load balancer each instance counts on its
 * own (so a client gets up to N times the limit over N instances) until state is shared.
 */
export interface RateDecision {
  ok: boolean;
  /** When refused: how long until one request is allowed again. */
  retryAfterMs: number;
}

// Enough for every client of a busy instance; past it the least recently seen are forgotten.
const MAX_CLIENTS = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number) {}

  take(client: string, now = Date.now()): RateDecision {
    const perMs = this.perMinute / 60_000;
    const previous = this.buckets.get(client);
    const tokens = previous ? Math.min(this.perMinute, previous.tokens + (now - previous.at) * perMs) : this.perMinute;
    // Re-inserted on every use: the Map's order is then least recently seen first.
    this.buckets.delete(client);
    if (tokens < 1) {
      this.buckets.set(client, { tokens, at: now });
      return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) };
    }
    this.buckets.set(client, { tokens: tokens - 1, at: now });
    if (this.buckets.size > MAX_CLIENTS) this.buckets.delete(this.buckets.keys().next().value!);
    return { ok: true, retryAfterMs: 0 };
  }

  get size(): number {
    return this.buckets.size;
  }
}
