/**
 * `setValueAs` for number inputs: an empty box is `undefined` (the schema default or "no value"),
 * anything else becomes a number. A non-numeric leftover stays NaN so the schema rejects it with
 * its own message instead of a silent default; it never reaches the server.
 */
export function toOptionalNumber(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  const text = String(value).trim();
  if (text === "") return undefined;
  return Number(text);
}
