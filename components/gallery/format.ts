import { isTerminal, type GenerationDto } from "@/lib/jobs/types";

const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});

export const formatUsd = (value: number) => usd.format(value);

/** "2.4 s", "1 min 05 s"; a dash when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  const safe = Math.max(0, ms);
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)} s`;
  const minutes = Math.floor(safe / 60_000);
  const seconds = Math.floor((safe % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export { modelName } from "@/lib/models/catalog";

/** Cost as the user should read it: billed and estimated are never conflated. */
export function describeCost(gen: Pick<GenerationDto, "cost" | "status" | "sandbox">): string {
  const { estimatedUsd, billedUsd, billedSource } = gen.cost;
  switch (billedSource) {
    case "sandbox":
      return `${formatUsd(0)} billed · list ${formatUsd(estimatedUsd)} (sandbox)`;
    case "estimate":
      return `${formatUsd(billedUsd ?? estimatedUsd)} est.`;
    case "host": {
      const billed = billedUsd ?? estimatedUsd;
      return Math.abs(billed - estimatedUsd) > 1e-9
        ? `${formatUsd(billed)} billed · est. ${formatUsd(estimatedUsd)}`
        : `${formatUsd(billed)} billed`;
    }
    default:
      if (!isTerminal(gen.status)) return `${formatUsd(estimatedUsd)} est.`;
      if (gen.sandbox) return `${formatUsd(0)} billed · list ${formatUsd(estimatedUsd)} (sandbox)`;
      return `no charge recorded · list ${formatUsd(estimatedUsd)}`;
  }
}

/** Seed(s) of a generation: what each image reports, else the requested seed. */
export function describeSeeds(gen: Pick<GenerationDto, "params"> & { images: { seed: number | null }[] }): string {
  const seeds = gen.images.map((img) => img.seed).filter((s): s is number => typeof s === "number");
  if (seeds.length === 0) return typeof gen.params.seed === "number" ? String(gen.params.seed) : "–";
  if (seeds.length === 1) return String(seeds[0]);
  const sorted = [...seeds].sort((a, b) => a - b);
  const consecutive = sorted.every((s, i) => i === 0 || s === sorted[i - 1] + 1);
  return consecutive ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(", ");
}

/** Parameter values for display; inline images are summarised, never dumped. */
export function formatParam(value: unknown): string {
  if (value === undefined || value === null || value === "") return "–";
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "string") {
    if (value.startsWith("data:") || value.length > 200) {
      const kind = /^data:([^;,]+)/.exec(value)?.[1] ?? "inline data";
      return `${kind}, ≈ ${formatBytes(Math.round(value.length * 0.75))}`;
    }
    return value;
  }
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

export function formatTime(iso: string | null): string {
  if (!iso) return "–";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A prompt as a run's spoken name: quoted, cut at 80 characters. */
export const quotePrompt = (prompt: string) => `“${prompt.length > 80 ? `${prompt.slice(0, 79).trimEnd()}…` : prompt}”`;
