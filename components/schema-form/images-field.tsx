"use client";

import { useRef, useState } from "react";
import { useController, useFormState } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldShell, inputAria } from "./field-shell";
import { ACCEPTED_TYPES, DropZone, fileInputClass, ImagePreview, readImageFile, UrlEntry } from "./image-parts";
import type { ControlProps, FormValues } from "./types";

const messageOf = (error: unknown) => {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && message ? message : undefined;
};

/**
 * A list of images (FLUX.2's references): add by file (several at once), drop or web address up to
 * the schema's maximum; each shows its preview, its own error (`input_images.2`), and buttons to move
 * it (its position is what "image 2" in the prompt means) or remove it.
 */
export function ImagesField({ field, disabled }: ControlProps) {
  const { field: control } = useController<FormValues>({ name: field.name });
  const { errors } = useFormState<FormValues>({ name: field.name });
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const images = Array.isArray(control.value) ? (control.value as string[]) : [];
  const max = typeof field.jsonSchema.maxItems === "number" ? field.jsonSchema.maxItems : Infinity;
  const fieldErrors = errors[field.name] as unknown;
  const itemError = (i: number) => messageOf((fieldErrors as Record<number, unknown> | undefined)?.[i]);
  const error = localError ?? messageOf(fieldErrors);
  const full = images.length >= max;

  const set = (next: string[]) => {
    // An empty list is no list: the request then carries no references at all.
    control.onChange(next.length ? next : undefined);
    control.onBlur();
  };

  const add = async (files: File[]) => {
    const room = max - images.length;
    const read = await Promise.all(files.slice(0, room).map(readImageFile));
    const problems = read.flatMap((r) => ("error" in r ? [r.error] : []));
    if (files.length > room) problems.push(`Only ${max} images fit: ${files.length - room} left out.`);
    setLocalError(problems.length ? problems.join(" ") : null);
    const added = read.flatMap((r) => ("dataUrl" in r ? [r.dataUrl] : []));
    if (added.length) set([...images, ...added]);
    // Clear the native input, so picking the same files again fires a change.
    if (inputRef.current) inputRef.current.value = "";
  };

  const move = (from: number, to: number) => {
    const next = [...images];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved);
    set(next);
  };

  const count = (
    <span data-testid={`images-count-${field.name}`}>
      {images.length} of {max}
    </span>
  );

  return (
    <FieldShell field={field} error={error} aside={count}>
      <DropZone disabled={disabled || full} onFiles={(files) => void add(files)}>
        {images.length ? (
          <ol className="mb-2 space-y-2" aria-label={`${field.ui.label}: ${images.length} of ${max}`}>
            {images.map((image, i) => {
              const label = `Image ${i + 1}`;
              const problem = itemError(i);
              return (
                <li key={`${i}-${image.slice(-24)}`} data-testid={`images-item-${field.name}-${i}`} data-invalid={problem ? true : undefined}>
                  <ImagePreview value={image} alt={`${label} preview`} previewTestId={`images-preview-${field.name}-${i}`} urlTestId={`images-url-value-${field.name}-${i}`}>
                    <span className="text-xs font-medium text-zinc-300">{label}</span>
                    <span className="ml-auto flex gap-1">
                      <Button size="sm" variant="ghost" onClick={() => move(i, i - 1)} disabled={disabled || i === 0} aria-label={`Move image ${i + 1} up`}>
                        ↑
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => move(i, i + 1)} disabled={disabled || i === images.length - 1} aria-label={`Move image ${i + 1} down`}>
                        ↓
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => set(images.filter((_, j) => j !== i))} disabled={disabled} aria-label={`Remove image ${i + 1}`}>
                        Remove
                      </Button>
                    </span>
                  </ImagePreview>
                  {problem ? (
                    <p className="mt-1 text-xs text-red-400" data-testid={`images-error-${field.name}-${i}`}>
                      {label}: {problem}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        ) : null}
        <input
          {...inputAria(field, error)}
          ref={(el) => {
            inputRef.current = el;
            control.ref(el);
          }}
          name={control.name}
          type="file"
          multiple
          accept={ACCEPTED_TYPES}
          disabled={disabled || full}
          onChange={(event) => void add([...(event.target.files ?? [])])}
          className={fileInputClass}
        />
        <UrlEntry
          label={`${field.ui.label} URL`}
          testId={`images-url-${field.name}`}
          disabled={disabled || full}
          onUrl={(url) => {
            setLocalError(null);
            set([...images, url]);
          }}
          onProblem={setLocalError}
        />
        <p className="mt-1 text-xs text-zinc-500">
          {full ? `${max} images: remove one to add another.` : "PNG, JPEG or WebP up to 10 MB each; drop files here, browse, or give a web address."}
        </p>
      </DropZone>
    </FieldShell>
  );
}
