import type { FilterIssue } from "@/lib/history/filters";

/** What each filter of the address is called on the page. */
const FILTER_LABELS: Record<string, string> = {
  host: "Host",
  model: "Model",
  status: "Status",
  from: "From (first day)",
  to: "To (last day)",
  favorites: "Favourites only",
  minCost: "Minimum cost",
  maxCost: "Maximum cost",
  q: "Prompt search",
  tz: "Time zone",
};

/**
 * One issue in a user's words: the filter's name, what the address gave it, and what it takes —
 * never a schema path such as "host.0" (zod's index into the list of hosts).
 */
export function explainFilterIssue(issue: FilterIssue, given: Record<string, unknown> = {}): { label: string; detail: string } {
  const [key, index] = issue.path.split(".");
  const label = FILTER_LABELS[key];
  if (!label) return { label: "Filter", detail: `: ${issue.message}` };
  const raw = given[key];
  const value = Array.isArray(raw) ? (index === undefined ? raw.join(",") : raw[Number(index)]) : raw;
  // "host must be one of: …" reads as "Host …: must be one of: …" once the label is in front.
  const message = issue.message.startsWith(`${key} `) ? issue.message.slice(key.length + 1) : issue.message;
  const said = value === undefined || value === "" ? "" : ` — the address says ${key}=${String(value)}`;
  return { label, detail: `${said}: ${message}` };
}
