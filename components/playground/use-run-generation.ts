"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { UseFormReturn } from "react-hook-form";
import type { CreateGenerationActionResult } from "@/app/(playground)/actions";
import type { ModelId } from "@/lib/models";
import type { ProviderInfo } from "@/lib/providers/registry";
import { startRun } from "@/components/gallery/start-run";
import type { FormValues } from "@/components/schema-form/types";

/**
 * Sends validated params to the server action and puts the new generation on top of the history.
 * Server field errors land on their fields; anything else in the general error box.
 */
export function useRunGeneration(form: UseFormReturn<FormValues, unknown, FormValues>, fieldNames: string[]) {
  const client = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (model: ModelId, provider: ProviderInfo | undefined, params: FormValues, failover: string[] = [], parentImageId?: string) => {
    setFormError(null);
    if (!provider) {
      setFormError("No host serves this model; pick another model.");
      return;
    }
    if (provider.mode === "misconfigured") {
      setFormError(`${provider.name} cannot run: ${(provider.problem ?? "its configuration is inconsistent").replace(/\.$/, "")}.`);
      return;
    }
    let result: CreateGenerationActionResult;
    try {
      result = await startRun(client, model, provider, params, failover, parentImageId);
    } catch (error) {
      setFormError(`Could not start the run: ${error instanceof Error ? error.message : "the server did not answer"}.`);
      return;
    }

    if (!result.ok) {
      const unmatched: string[] = [];
      let focused = false;
      for (const issue of result.fieldErrors ?? []) {
        const name = issue.path.replace(/^params\./, "");
        // An item of a list field (`input_images.2`) shows on that item.
        if (fieldNames.includes(name.split(".")[0])) {
          form.setError(name, { type: "server", message: issue.message }, { shouldFocus: !focused });
          focused = true;
        } else {
          unmatched.push(`${issue.path}: ${issue.message}`);
        }
      }
      setFormError([result.error, ...unmatched].filter(Boolean).join(" · ") || "The run was rejected.");
    }
  };

  return { submit, formError, setFormError };
}
