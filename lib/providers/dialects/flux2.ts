import type { ParamCapability } from "../capabilities";

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

