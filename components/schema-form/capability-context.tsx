"use client";

import { createContext, useContext } from "react";
import type { HostCapabilities, HostCapability } from "@/components/hosts/host-facts";
import { capabilityTitle, TreatmentBadge } from "@/components/hosts/treatment-badge";

/** What the chosen host does with each param, so any field can say it without prop drilling. */
export const CapabilityContext = createContext<HostCapabilities | undefined>(undefined);

export function useFieldCapability(name: string): HostCapability | undefined {
  return useContext(CapabilityContext)?.[name];
}

/** A badge beside a field's label when the host does not take the value as given; nothing otherwise. */
export function CapabilityBadge({ name }: { name: string }) {
  const capability = useFieldCapability(name);
  if (!capability || capability.treatment === "passthrough") return null;
  const title = capabilityTitle(capability);
  return (
    <>
      <TreatmentBadge treatment={capability.treatment} title={title} testId={`capability-${name}`} />
      <span className="sr-only">: {title}</span>
    </>
  );
}
