import type { Metadata } from "next";
import { connection } from "next/server";
import { KeysView } from "@/components/account/keys-view";
import { currentUserId } from "@/lib/auth/current-user";
import { hostKeyStatuses } from "@/lib/keys/overview";

export const metadata: Metadata = {
  title: "Host keys · FLUX Playground",
  description: "Your own API key per host: runs on that host use it, billed to your account there.",
};

export default async function KeysPage() {
  // Keys and the server's configuration are read at request time.
  await connection();
  return <KeysView hosts={await hostKeyStatuses(await currentUserId())} />;
}
