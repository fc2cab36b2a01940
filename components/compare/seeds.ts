import { SEED_MAX } from "@/lib/models/fields";
import { randomSeed } from "@/components/schema-form/seed-field";

export const MAX_SEEDS = 8;

export type SeedsResult = { ok: true; seeds: number[] | undefined } | { ok: false; error: string };

/** "12, 345 678": commas or spaces. Empty means one random seed, drawn by the server. */
export function parseSeeds(text: string): SeedsResult {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return { ok: true, seeds: undefined };
  const seeds: number[] = [];
  for (const part of parts) {
    const value = /^\d+$/.test(part) ? Number(part) : NaN;
    if (!Number.isSafeInteger(value) || value > SEED_MAX) return { ok: false, error: `“${part}” is not a seed: seeds are whole numbers from 0 to ${SEED_MAX}.` };
    if (seeds.includes(value)) return { ok: false, error: `Seed ${value} appears twice: each seed is one row.` };
    seeds.push(value);
  }
  if (seeds.length > MAX_SEEDS) return { ok: false, error: `At most ${MAX_SEEDS} seeds (you entered ${seeds.length}).` };
  return { ok: true, seeds };
}

/** The list with one more random seed, not already in it; a list that does not parse is kept as typed. */
export function withRandomSeed(text: string, draw: () => number = randomSeed): string {
  const parsed = parseSeeds(text);
  if (!parsed.ok) return text;
  const seeds = parsed.seeds ?? [];
  let seed = draw();
  while (seeds.includes(seed)) seed = draw();
  return [...seeds, seed].join(", ");
}
