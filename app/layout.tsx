import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import { connection } from "next/server";
import { SkipLink } from "@/components/ui/skip-link";
import { THEME_SCRIPT } from "@/lib/theme/preference";
import { QueryProvider } from "./query-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: "FLUX Playground",
  description: "Run FLUX 1.1 [pro] on several hosts, compare latency and cost, keep every image.",
  manifest: "/manifest.webmanifest",
  icons: { apple: "/apple-touch-icon.png" },
};

export const viewport: Viewport = {
  colorScheme: "dark light",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A page's scripts carry this request's CSP nonce (proxy.ts): no page may be prerendered without one.
  await connection();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script sets data-theme before React hydrates: the attribute is meant to differ.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-zinc-950 font-sans text-zinc-100">
        <SkipLink />
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
