import { PROVIDER_IDS } from "@/lib/providers/types";

/** Every variable that could point a test at a real host: all set empty in test processes. */
export const HOST_ENV_VARS = [
  ...PROVIDER_IDS.flatMap((id) => [`${id.toUpperCase()}_API_KEY`, `${id.toUpperCase()}_BASE_URL`]),
  "FAL_KEY",
  "REPLICATE_API_TOKEN",
];

export const noHostKeys = (): Record<string, string> => Object.fromEntries(HOST_ENV_VARS.map((name) => [name, ""]));
