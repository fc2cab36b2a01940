import { z } from "zod";
import { MODEL_IDS, type ModelId } from "@/lib/models/catalog";
import type { GenerationDto, ImageDto } from "@/lib/jobs/types";
import type { ComparisonCell } from "./cells";

/** running while any cell runs; then succeeded (all), failed (none), partial, or canceled. */
export type ComparisonStatus = "running" | "succeeded" | "partial" | "failed" | "canceled";

export interface VoteDto {
  seed: number;
  /** Cells whose images were shown in the row, by key: hosts, or `provider@model` across models. */
  candidates: string[];
  /** The chosen cell's key; null for a tie. */
  winner: string | null;
  /** A candidate was a sandbox run: the vote rates emulators and is kept apart from live ones. */
  sandbox: boolean;
  createdAt: string;
}

export interface ComparisonDto {
  id: string;
  status: ComparisonStatus;
  model: ModelId;
  /** Shared parameters; each cell's generation adds its seed. */
  params: Record<string, unknown>;
  /** The distinct hosts of `cells`. */
  providers: string[];
  /** The columns, host × model; `model` is the first cell's. */
  cells: ComparisonCell[];
  seeds: number[];
  blind: boolean;
  /** Per seed row (key: the seed), the order cells (by key) are shown in while the row is blind. */
  blindOrder: Record<string, string[]>;
  sourceId: string | null;
  createdAt: string;
  /** Every cell, hosts × seeds. */
  generations: GenerationDto[];
  votes: VoteDto[];
  cost: { estimatedUsd: number; billedUsd: number };
  /** Created to the last cell's end; null while running. */
  wallMs: number | null;
}

export interface ComparisonSummary {
  id: string;
  status: ComparisonStatus;
  model: ModelId;
  prompt: string;
  providers: string[];
  /** The columns, host × model. */
  columns: ComparisonCell[];
  seeds: number[];
  blind: boolean;
  createdAt: string;
  cells: number;
  /** The first image of each cell that has one, for the history card. */
  images: (ImageDto & { provider: string; model?: ModelId; seed: number | null })[];
  cost: { estimatedUsd: number; billedUsd: number };
}

/** The history gallery's entries: single generations and whole comparisons, newest first. */
export type HistoryEntry =
  | { kind: "generation"; generation: GenerationDto }
  | { kind: "comparison"; comparison: ComparisonSummary };

export interface LeaderboardHost {
  /** The contestant: the host on a model's board, `provider@model` across models. */
  key: string;
  provider: string;
  model: ModelId;
  name: string;
  /** 1 = best; hosts whose ratings are equal as shown share a rank (1, 2, 2, 4); null without votes. */
  rank: number | null;
  /** Bradley–Terry rating on an Elo-like scale (1500 = average host); null without votes. */
  rating: number | null;
  stderr: number | null;
  low: number | null;
  high: number | null;
  votes: number;
  wins: number;
  losses: number;
  draws: number;
  /** Sequential Elo, the familiar figure, for reference. */
  elo: number | null;
  runs: number;
  failureRate: number | null;
  latencyMedianMs: number | null;
  latencyP95Ms: number | null;
  meanCostPerImageUsd: number | null;
}

/** Which votes and runs a leaderboard counts: live hosts (the default) or sandbox emulators. */
export const leaderboardSourceSchema = z.enum(["live", "sandbox"]);
export type LeaderboardSource = z.infer<typeof leaderboardSourceSchema>;

/** A model's board, or "all" for every host × model pair. */
export const leaderboardModelSchema = z.enum(["all", ...MODEL_IDS], { error: `model must be "all" or one of: ${MODEL_IDS.join(", ")}` });

export interface LeaderboardDto {
  /** The model whose hosts are ranked, or "all": host × model pairs ranked together. */
  model: ModelId | "all";
  scope: "model" | "all";
  /** Votes counted in the ratings: those of `source` only. */
  totalVotes: number;
  source: LeaderboardSource;
  /** Votes of each source, so the page can point to the other one. */
  liveVotes: number;
  sandboxVotes: number;
  hosts: LeaderboardHost[];
}
