"use client";

import { useRef, useState, type DragEvent } from "react";
import { useController } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldShell, inputAria, useFieldError } from "./field-shell";
import type { ControlProps, FormValues } from "./types";

const ACCEPTED = ["image/png", "image/jpeg", "image/webp"];
const MAX_BYTES = 10 * 1024 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("Could not read the file"));
    reader.readAsDataURL(file);
  });
}

const approxKb = (dataUrl: string) => Math.round((dataUrl.length - dataUrl.indexOf(",") - 1) * 0.75 / 1024);

export function ImageField({ field, disabled }: ControlProps) {
  const { field: control } = useController<FormValues>({ name: field.name });
  const formError = useFieldError(field.name);
  const [localError, setLocalError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const value = typeof control.value === "string" && control.value ? control.value : null;
  const error = localError ?? formError;

  const accept = async (file: File | undefined) => {
    if (!file) return;
    if (!ACCEPTED.includes(file.type)) {
      setLocalError(`"${file.name}" is not a PNG, JPEG or WebP image.`);
      return;
    }
    if (file.size > MAX_BYTES) {
      setLocalError(`"${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`);
      return;
    }
    try {
      const dataUrl = await readAsDataUrl(file);
      setLocalError(null);
      control.onChange(dataUrl);
      control.onBlur();
    } catch (err) {
      setLocalError(err instanceof Error ? err.message : "Could not read the file");
    }
  };

  const clear = () => {
    control.onChange(undefined);
    setLocalError(null);
    // Clear the native input too, so picking the same file again fires a change.
    if (inputRef.current) inputRef.current.value = "";
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) void accept(event.dataTransfer.files[0]);
  };

  return (
    <FieldShell field={field} error={error}>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`rounded-md border border-dashed p-2 transition-colors ${
          dragging ? "border-amber-400 bg-amber-400/5" : "border-zinc-700"
        }`}
      >
        <input
          {...inputAria(field, error)}
          ref={(el) => {
            inputRef.current = el;
            control.ref(el);
          }}
          name={control.name}
          type="file"
          accept={ACCEPTED.join(",")}
          disabled={disabled}
          onChange={(event) => void accept(event.target.files?.[0])}
          className={
            "block w-full text-xs text-zinc-400 file:mr-3 file:rounded-md file:border file:border-zinc-700 " +
            "file:bg-zinc-800 file:px-2 file:py-1 file:text-xs file:text-zinc-100 hover:file:bg-zinc-700"
          }
        />
        {value ? (
          <div className="mt-2 flex items-center gap-3">
            {value.startsWith("data:") || value.startsWith("/api/images/") ? (
              <img src={value} alt="Image prompt preview" data-testid="image-prompt-preview" className="h-16 w-16 rounded object-cover" />
            ) : (
              <span className="text-xs text-zinc-400">Image set (base64)</span>
            )}
            {value.startsWith("/api/images/") ? (
              <span className="text-xs text-zinc-500">from history</span>
            ) : (
              <span className="text-xs text-zinc-500">≈ {approxKb(value)} KB</span>
            )}
            <Button size="sm" variant="ghost" onClick={clear} aria-label="Remove image prompt" disabled={disabled}>
              Remove
            </Button>
          </div>
        ) : (
          <p className="mt-1 text-xs text-zinc-500">PNG, JPEG or WebP up to 10 MB; drop a file here or browse.</p>
        )}
      </div>
    </FieldShell>
  );
}
