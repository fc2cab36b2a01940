import type { Metadata } from "next";
import { connection } from "next/server";
import { HostsOverview } from "@/components/hosts/hosts-overview";
import { currentUserId } from "@/lib/auth/current-user";
import { providersForUser } from "@/lib/keys/service";

export const metadata: Metadata = {
  title: "Hosts · FLUX Playground",
  description: "Every host of FLUX 1.1 [pro]: mode, prices, and what each does with every parameter.",
};

export default async function HostsPage() {
  // Host modes come from the environment at request time, not at build time.
  await connection();
  return <HostsOverview providers={await providersForUser(await currentUserId())} />;
}
