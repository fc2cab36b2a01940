import { readFileSync } from "node:fs";
import { z } from "zod";
import { env } from "@/lib/env";
import { MODEL_IDS } from "@/lib/models";
import type { PriceRule } from "./rules";

const overrideSchema = z.array(
  z.object({
    provider: z.string().min(1),
    model: z.enum(MODEL_IDS),
    unit: z.enum(["image", "megapixel"]).default("image"),
    usd: z.number().min(0),
    extraMpUsd: z.number().min(0).optional(),
    inputMpUsd: z.number().min(0).optional(),
    mpPixels: z.number().int().positive().optional(),
    source: z.string().default("configuration"),
    asOf: z.string().default(() => new Date().toISOString().slice(0, 10)),
    note: z.string().optional(),
  }),
);

/**
 * Price rules from configuration (PRICING_FILE, then PRICING_OVERRIDES on top), so a price that
 * changed or a unit we got wrong is fixed without a release. A malformed value is an error that
 * names the variable.
 */
export function configuredRules(): PriceRule[] {
  const e = env();
  const rules: PriceRule[] = [];
  const load = (name: string, text: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${name} is not valid JSON`);
    }
    const parsed = overrideSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    rules.push(...parsed.data);
  };
  if (e.PRICING_FILE) load(`PRICING_FILE (${e.PRICING_FILE})`, readFileSync(e.PRICING_FILE, "utf8"));
  if (e.PRICING_OVERRIDES) load("PRICING_OVERRIDES", e.PRICING_OVERRIDES);
  return rules;
}
