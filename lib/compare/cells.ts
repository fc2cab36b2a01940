import type { ModelId } from "@/lib/models/catalog";

/**
 * A comparison's columns are cells: one host running one model. Client-safe (types only): the grid,
 * the history card and the leaderboard name cells with it.
 */
export interface ComparisonCell {
  model: ModelId;
  provider: string;
}

/**
 * A cell's key in blind orders, votes and ratings. A comparison of one model keys its cells by host,
 * as every comparison did before cells: its stored orders and votes keep meaning what they meant.
 * Across models a key is `provider@model` ("fal@flux-dev"): neither id can hold an "@".
 */
export const pairKey = (provider: string, model: string) => `${provider}@${model}`;

export const isSingleModel = (cells: readonly Pick<ComparisonCell, "model">[]) => new Set(cells.map((c) => c.model)).size <= 1;

/** The keys of a comparison's cells, in column order. */
export function cellKeys(cells: readonly ComparisonCell[]): string[] {
  const single = isSingleModel(cells);
  return cells.map((c) => (single ? c.provider : pairKey(c.provider, c.model)));
}

/** The key of a cell (or of the host that served it) within its comparison. */
export const cellKeyIn = (cells: readonly ComparisonCell[], provider: string, model: string) => (isSingleModel(cells) ? provider : pairKey(provider, model));

/** A key back to its host and model; a bare host key is a cell of `model` (its vote's or comparison's). */
export function parseCellKey(key: string, model: string): { provider: string; model: string } {
  const at = key.indexOf("@");
  return at === -1 ? { provider: key, model } : { provider: key.slice(0, at), model: key.slice(at + 1) };
}

/** A comparison's hosts, each once, in column order: what `providers` holds for older clients. */
export const distinctHosts = (cells: readonly ComparisonCell[]) => [...new Set(cells.map((c) => c.provider))];

/** Every model of a comparison, each once, in column order. */
export const distinctModels = (cells: readonly ComparisonCell[]) => [...new Set(cells.map((c) => c.model))];

/**
 * Names a cell key: its host for a one-model comparison, "host · model" across models, so a vote,
 * a reveal or a column header names both wherever the model varies.
 */
export function cellNamer(hostName: (id: string) => string, modelName: (id: string) => string, fallbackModel: string) {
  return (key: string) => {
    const { provider, model } = parseCellKey(key, fallbackModel);
    return key.includes("@") ? `${hostName(provider)} · ${modelName(model)}` : hostName(provider);
  };
}
