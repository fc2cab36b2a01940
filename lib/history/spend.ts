import { roundUsd } from "@/lib/pricing/price";
import type { HistoryFilter } from "./filters";
import { spendRows, type SpendRow } from "./query";
import { addToBucket, emptyBucket } from "./spend-bucket";
import type { SpendBucket, SpendReport } from "./types";

const rounded = <T extends SpendBucket>(bucket: T): T => ({ ...bucket, estimatedUsd: roundUsd(bucket.estimatedUsd), billedUsd: roundUsd(bucket.billedUsd) });

function groupBy<K extends string>(rows: SpendRow[], key: (row: SpendRow) => string, name: K): (SpendBucket & Record<K, string>)[] {
  const groups = new Map<string, SpendBucket>();
  for (const row of rows) {
    const id = key(row);
    const bucket = groups.get(id) ?? emptyBucket();
    addToBucket(bucket, row);
    groups.set(id, bucket);
  }
  return [...groups].map(([id, bucket]) => rounded({ ...bucket, [name]: id }) as SpendBucket & Record<K, string>);
}

const mostSpentFirst = (a: SpendBucket, b: SpendBucket) => b.estimatedUsd - a.estimatedUsd || b.generations - a.generations;

/** Spend of everything matching the filter (comparison cells included), per day, host and model. */
export async function spendReport(userId: string, filter: HistoryFilter): Promise<SpendReport> {
  const rows = await spendRows(userId, filter);
  const totals = emptyBucket();
  for (const row of rows) addToBucket(totals, row);
  return {
    totals: rounded(totals),
    byDay: groupBy(rows, (r) => r.day, "day"),
    byHost: groupBy(rows, (r) => r.provider, "provider").sort(mostSpentFirst),
    byModel: groupBy(rows, (r) => r.model, "model").sort(mostSpentFirst),
    timeZone: filter.tz ?? "UTC",
  };
}
