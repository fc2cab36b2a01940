import type { Metadata } from "next";
import { connection } from "next/server";
import { HistoryView } from "@/components/history/history-view";
import { listProviders } from "@/lib/providers/registry";

export const metadata: Metadata = {
  title: "History · FLUX Playground",
  description: "Every run kept: filter by host, model, status, date, cost and prompt; spend per day, host and model; export.",
};

/** The filter is the address's query string, read and written by the view itself. */
export default async function HistoryPage() {
  // Host modes come from the environment at request time, not at build time.
  await connection();
  return <HistoryView providers={listProviders()} />;
}
