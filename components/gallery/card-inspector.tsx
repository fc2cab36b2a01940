"use client";

import { useState } from "react";
import dynamic from "next/dynamic";
import type { GenerationDto } from "@/lib/jobs/types";

// Loaded when first opened: most cards are never inspected, and the grid is on every history page.
const InspectorPanel = dynamic(() => import("./inspector-panel").then((m) => m.InspectorPanel), {
  ssr: false,
  loading: () => <p className="text-xs text-zinc-500">Loading the inspector…</p>,
});

/** For a run that ended without images (failed, canceled): the inspector, fetched only when opened. */
export function CardInspector({ generation, hostName, tabIndex }: { generation: GenerationDto; hostName: string; tabIndex?: number }) {
  const [open, setOpen] = useState(false);
  return (
    <details data-testid="card-inspector" onToggle={(event) => setOpen(event.currentTarget.open)} className="text-xs">
      <summary tabIndex={tabIndex} className="text-zinc-400 hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-amber-400">
        What was sent to {hostName}
      </summary>
      {open ? (
        <div className="mt-2">
          <InspectorPanel generation={generation} hostName={hostName} />
        </div>
      ) : null}
    </details>
  );
}
