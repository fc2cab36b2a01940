import { addToBucket, emptyBucket } from "@/lib/history/spend-bucket";
import type { SpendBucket, SpendReport } from "@/lib/history/types";

/**
 * Spend per day as bars: the report lists only days with runs, so the gaps are filled with zeros,
 * and a long history is grouped into weeks, months or years so the chart never has more than
 * `maxBars` bars.
 */

export type BinUnit = "day" | "week" | "month" | "year";
const BIN_UNITS: readonly BinUnit[] = ["day", "week", "month", "year"];

export interface SpendBin extends SpendBucket {
  /** First day of the bin (YYYY-MM-DD), a calendar date: no time zone left to apply. */
  start: string;
  label: string;
}

const MAX_BARS = 62;
const DAY_MS = 86_400_000;

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

/** The first day of the bin holding `day`; weeks start on Monday (ISO 8601). */
export function binStart(day: string, unit: BinUnit): string {
  const date = toDate(day);
  if (unit === "week") date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  if (unit === "month") date.setUTCDate(1);
  if (unit === "year") date.setUTCMonth(0, 1);
  return toDay(date);
}

function nextBin(start: string, unit: BinUnit): string {
  const date = toDate(start);
  if (unit === "day") date.setUTCDate(date.getUTCDate() + 1);
  if (unit === "week") date.setUTCDate(date.getUTCDate() + 7);
  if (unit === "month") date.setUTCMonth(date.getUTCMonth() + 1);
  if (unit === "year") date.setUTCFullYear(date.getUTCFullYear() + 1);
  return toDay(date);
}

function binCount(first: string, last: string, unit: BinUnit): number {
  const [a, b] = [toDate(binStart(first, unit)), toDate(binStart(last, unit))];
  if (unit === "day") return Math.round((b.getTime() - a.getTime()) / DAY_MS) + 1;
  if (unit === "week") return Math.round((b.getTime() - a.getTime()) / (7 * DAY_MS)) + 1;
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return unit === "month" ? months + 1 : b.getUTCFullYear() - a.getUTCFullYear() + 1;
}

/** The finest unit that fits the days in `maxBars` bars. */
export function pickUnit(first: string, last: string, maxBars = MAX_BARS): BinUnit {
  return BIN_UNITS.find((unit) => binCount(first, last, unit) <= maxBars) ?? "year";
}

const labelFormats: Record<BinUnit, Intl.DateTimeFormatOptions> = {
  day: { month: "short", day: "numeric" },
  week: { month: "short", day: "numeric" },
  month: { month: "short", year: "numeric" },
  year: { year: "numeric" },
};

export function binLabel(start: string, unit: BinUnit): string {
  const text = toDate(start).toLocaleDateString("en-US", { ...labelFormats[unit], timeZone: "UTC" });
  return unit === "week" ? `week of ${text}` : text;
}

/** Every bin from the first day with runs to the last, in order, empty bins included. */
export function binSpend(byDay: SpendReport["byDay"], maxBars = MAX_BARS): { unit: BinUnit; bins: SpendBin[] } {
  if (byDay.length === 0) return { unit: "day", bins: [] };
  const days = [...byDay].sort((a, b) => a.day.localeCompare(b.day));
  const unit = pickUnit(days[0].day, days[days.length - 1].day, maxBars);
  const bins = new Map<string, SpendBin>();
  const last = binStart(days[days.length - 1].day, unit);
  for (let start = binStart(days[0].day, unit); start <= last; start = nextBin(start, unit)) {
    bins.set(start, { start, label: binLabel(start, unit), ...emptyBucket() });
  }
  for (const day of days) addToBucket(bins.get(binStart(day.day, unit))!, day);
  return { unit, bins: [...bins.values()] };
}

/**
 * Round axis steps (1, 2, 2.5 or 5 times a power of ten) so that about `count` of them cover `max`.
 * Nothing spent still draws an axis (0 to one cent).
 */
export function niceTicks(max: number, count = 4): number[] {
  const top = max > 0 ? max : 0.01;
  const rough = top / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const ticks: number[] = [];
  // Rounded to the step's precision: 0.1 + 0.2 must read 0.3 on the axis.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let i = 0; ticks.length === 0 || ticks[ticks.length - 1] < top; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return ticks;
}
