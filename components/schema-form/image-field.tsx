"use client";

import { useRef, useState } from "react";
import { useController } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldShell, inputAria, useFieldError } from "./field-shell";
import { ACCEPTED_TYPES, DropZone, fileInputClass, ImagePreview, readImageFile, UrlEntry } from "./image-parts";
import type { ControlProps, FormValues } from "./types";

export function ImageField({ field, disabled }: ControlProps) {
  const { field: control } = useController<FormValues>({ name: field.name });
  const formError = useFieldError(field.name);
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const value = typeof control.value === "string" && control.value ? control.value : null;
  const error = localError ?? formError;

  const take = (image: string) => {
    setLocalError(null);
    control.onChange(image);
    control.onBlur();
  };

  const accept = async (file: File | undefined) => {
    if (!file) return;
    const read = await readImageFile(file);
    if ("error" in read) setLocalError(read.error);
    else take(read.dataUrl);
  };

  const clear = () => {
    control.onChange(undefined);
    setLocalError(null);
    // Clear the native input too, so picking the same file again fires a change.
    if (inputRef.current) inputRef.current.value = "";
  };

  return (
    <FieldShell field={field} error={error}>
      <DropZone disabled={disabled} onFiles={(files) => void accept(files[0])}>
        <input
          {...inputAria(field, error)}
          ref={(el) => {
            inputRef.current = el;
            control.ref(el);
          }}
          name={control.name}
          type="file"
          accept={ACCEPTED_TYPES}
          disabled={disabled}
          onChange={(event) => void accept(event.target.files?.[0])}
          className={fileInputClass}
        />
        <UrlEntry label="Image prompt URL" testId="image-prompt-url" disabled={disabled} onUrl={take} onProblem={setLocalError} />
        {value ? (
          <div className="mt-2">
            <ImagePreview value={value} alt="Image prompt preview" previewTestId="image-prompt-preview" urlTestId="image-prompt-url-value">
              <Button size="sm" variant="ghost" onClick={clear} aria-label="Remove image prompt" disabled={disabled}>
                Remove
              </Button>
            </ImagePreview>
          </div>
        ) : (
          <p className="mt-1 text-xs text-zinc-500">PNG, JPEG or WebP up to 10 MB; drop a file here, browse, or give its web address.</p>
        )}
      </DropZone>
    </FieldShell>
  );
}
