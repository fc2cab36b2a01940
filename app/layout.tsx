import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import { QueryProvider } from "./query-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: "FLUX Playground",
  description: "Run FLUX 1.1 [pro] on several hosts, compare latency and cost, keep every image.",
  manifest: "/manifest.webmanifest",
  icons: { apple: "/apple-touch-icon.png" },
};

export const viewport: Viewport = {
  colorScheme: "dark",
  themeColor: "#09090b",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A page's scripts carry this request's CSP nonce (proxy.ts): no page may be prerendered without one.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-950 font-sans text-zinc-100">
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
