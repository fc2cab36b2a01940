import { connection } from "next/server";
import { Playground } from "@/components/playground/playground";
import { listProviders } from "@/lib/providers/registry";

export default async function PlaygroundPage() {
  // Host modes come from the environment at request time, not at build time.
  await connection();
  const providers = listProviders();
  return <Playground providers={providers} />;
}
