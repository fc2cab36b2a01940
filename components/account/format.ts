/** Times on the account pages in UTC, the zone budgets are counted in (and the same on server and client). */
export function formatUtc(iso: string | null): string {
  if (!iso) return "never";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
