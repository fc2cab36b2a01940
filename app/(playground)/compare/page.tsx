import type { Metadata } from "next";
import { connection } from "next/server";
import { CompareForm } from "@/components/compare/compare-form";
import { env } from "@/lib/env";
import { listProviders } from "@/lib/providers/registry";

export const metadata: Metadata = {
  title: "Compare hosts · FLUX Playground",
  description: "One prompt and one set of parameters on every host of FLUX 1.1 [pro], side by side.",
};

export default async function ComparePage() {
  // Host modes and the confirmation amount come from the environment at request time.
  await connection();
  return <CompareForm providers={listProviders()} confirmAboveUsd={env().COMPARE_CONFIRM_USD} />;
}
