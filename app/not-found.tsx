import type { Metadata } from "next";
import { NotFoundPage } from "@/components/ui/not-found-page";

export const metadata: Metadata = { title: "Page not found · FLUX Playground", robots: { index: false } };

export default function NotFound() {
  return (
    <NotFoundPage title="This page does not exist">
      <p>The address may be mistyped, or the page may have moved.</p>
    </NotFoundPage>
  );
}
