"use client";

import { useWatch } from "react-hook-form";
import type { FieldDescriptor, ModelId } from "@/lib/models";
import { useFieldCapability } from "./capability-context";
import { CountField, SelectField, SliderField, SwitchField } from "./choice-controls";
import { ImageField } from "./image-field";
import { ImagesField } from "./images-field";
import { SeedField } from "./seed-field";
import { SizeGroup } from "./size-group";
import { AspectRatioField, PromptField } from "./text-controls";
import type { ControlProps, FormValues, SeedLock } from "./types";

const hasValue = (v: unknown) => v !== undefined && v !== null && v !== "";

/** One field's control, chosen by `ui.control`; dimmed and disabled while its `dependsOn` is empty. */
export function FieldControl({
  field,
  allFields,
  model,
  disabled,
  seedLock,
  sizePresets,
}: {
  field: FieldDescriptor;
  allFields: FieldDescriptor[];
  model: ModelId;
  disabled: boolean;
  seedLock: SeedLock;
  sizePresets: readonly { value: string; label: string }[];
}) {
  const dependsOn = field.ui.dependsOn;
  const dependency = useWatch<FormValues>({ name: dependsOn ?? field.name, disabled: !dependsOn });
  const waiting = Boolean(dependsOn) && !hasValue(dependency);
  const props: ControlProps = { field, model, disabled: disabled || waiting };
  const dependencyLabel = allFields.find((f) => f.name === dependsOn)?.ui.label ?? dependsOn;
  // Greyed, not disabled: the value still matters on another host.
  const dropped = useFieldCapability(field.name)?.treatment === "dropped";

  return (
    <div className={waiting ? "opacity-50" : dropped ? "opacity-70" : undefined}>
      {renderControl(props, allFields, seedLock, sizePresets)}
      {waiting ? <p className="mt-1 text-xs text-zinc-500">Needs a value for “{dependencyLabel}” first.</p> : null}
    </div>
  );
}

function renderControl(
  props: ControlProps,
  allFields: FieldDescriptor[],
  seedLock: SeedLock,
  sizePresets: readonly { value: string; label: string }[],
) {
  switch (props.field.ui.control) {
    case "prompt":
      return <PromptField {...props} />;
    case "dimension": {
      // Every dimension renders once, as a group, at the position of the first one.
      const dimensions = allFields.filter((f) => f.ui.control === "dimension");
      if (dimensions[0]?.name !== props.field.name) return null;
      return <SizeGroup fields={dimensions} presets={sizePresets} disabled={props.disabled} />;
    }
    case "aspect-ratio":
      return <AspectRatioField {...props} />;
    case "seed":
      return <SeedField {...props} seedLock={seedLock} />;
    case "slider":
      return <SliderField {...props} />;
    case "switch":
      return <SwitchField {...props} />;
    case "select":
      return <SelectField {...props} />;
    case "count":
      return <CountField {...props} />;
    case "image":
      return <ImageField {...props} />;
    case "images":
      return <ImagesField {...props} />;
    default: {
      const unknown: never = props.field.ui.control;
      throw new Error(`No control for kind ${String(unknown)}`);
    }
  }
}
