import type { ParamCapability } from "../capabilities";
import { BFL_MEGAPIXEL } from "@/lib/models/flux-2-pro";

/**
 * FLUX.2 at a host without the upsampling switch: the host runs BFL's default, which upsamples
 * (PROVIDERS-MODELS.md §4: `result.prompt` comes back upsampled unasked), so "on", our default, is
 * what happens; "off" cannot be sent, and says so.
 */
export const flux2UpsamplingNotSwitchable = (host: string): ParamCapability => ({
  treatment: "dropped",
  note: `${host}'s FLUX.2 has no prompt upsampling switch: not sent (the host's default, BFL's, upsamples)`,
  warns: [{ when: { kind: "other-than", values: [true] }, message: `${host}'s FLUX.2 cannot turn prompt upsampling off: not sent, the host's default applies` }],
});

/**
 * BFL's FLUX.2 [pro] tiers (PROVIDERS-MODELS.md §4): $0.03 for the first output megapixel, $0.015 for each
 * further one and for each input megapixel, megapixels of 1024². Hosts that publish no rates of their own
 * are priced at these, with their own source and a note saying so.
 */
export const FLUX2_BFL_TIERS = { unit: "megapixel", usd: 0.03, extraMpUsd: 0.015, inputMpUsd: 0.015, mpPixels: BFL_MEGAPIXEL } as const;
