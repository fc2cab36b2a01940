import type { SpendBucket } from "./types";

/** Adding up spend, on the server (the report) and in the browser (the chart's weeks and months). */
export const emptyBucket = (): SpendBucket => ({ generations: 0, images: 0, estimatedUsd: 0, billedUsd: 0 });

export function addToBucket(bucket: SpendBucket, row: SpendBucket) {
  bucket.generations += row.generations;
  bucket.images += row.images;
  bucket.estimatedUsd += row.estimatedUsd;
  bucket.billedUsd += row.billedUsd;
}
