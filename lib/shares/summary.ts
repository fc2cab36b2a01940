import { modelName } from "@/lib/models/catalog";
import type { SharedItem } from "./types";

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
/** A user's words inside a bidi isolate: an RTL override in a prompt cannot reorder the title around it. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/** The words of a share's title, description and card: prompt, model, host(s). */
export function shareSummary(shared: SharedItem, hostName: (id: string) => string) {
  const params = shared.kind === "generation" ? shared.generation.params : shared.comparison.params;
  const prompt = typeof params.prompt === "string" ? params.prompt.trim() : "";
  const model = modelName(shared.kind === "generation" ? shared.generation.model : shared.comparison.model);
  const hosts = shared.kind === "generation" ? [hostName(shared.generation.provider)] : shared.comparison.providers.map(hostName);
  const where = shared.kind === "generation" ? `${model} on ${hosts[0]}` : `${model} on ${hosts.length} hosts: ${hosts.join(", ")}`;
  return {
    prompt,
    model,
    hosts,
    title: prompt ? `“${isolate(clip(prompt, 60))}”` : where,
    description: prompt ? `${where}. ${isolate(clip(prompt, 200))}` : where,
  };
}
