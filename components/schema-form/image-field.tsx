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
const isWebUrl = (value: string) => /^https?:\/\//i.test(value);

/** What the URL box says before the server sees it: the server checks the rest (address, size, type). */
function urlProblem(text: string): string | null {
  if (!URL.canParse(text)) return "Enter a full address, e.g. https://example.com/reference.png";
  if (!isWebUrl(text)) return "Only http and https addresses can be fetched.";
  return null;
}

export function ImageField({ field, disabled }: ControlProps) {
  const { field: control } = useController<FormValues>({ name: field.name });
  const formError = useFieldError(field.name);
  const [localError, setLocalError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [urlText, setUrlText] = useState("");
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

  const takeUrl = () => {
    const text = urlText.trim();
    const problem = urlProblem(text);
    if (problem) {
      setLocalError(problem);
      return;
    }
    setLocalError(null);
    setUrlText("");
    // The server fetches it once when the run starts, checks it and keeps its own copy.
    control.onChange(text);
    control.onBlur();
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
        <div className="mt-2 flex items-center gap-2">
          <span className="text-xs text-zinc-500">or</span>
          <input
            type="url"
            inputMode="url"
            placeholder="https://… (PNG, JPEG or WebP)"
            aria-label="Image prompt URL"
            data-testid="image-prompt-url"
            value={urlText}
            disabled={disabled}
            onChange={(event) => setUrlText(event.target.value)}
            onKeyDown={(event) => {
              // Enter takes the URL instead of submitting the whole form.
              if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
                event.preventDefault();
                takeUrl();
              }
            }}
            className="min-w-0 flex-1 rounded-md border border-zinc-700 bg-zinc-900 px-2 py-1 text-xs text-zinc-100 placeholder:text-zinc-600"
          />
          <Button size="sm" variant="ghost" onClick={takeUrl} disabled={disabled || !urlText.trim()} data-testid="image-prompt-url-use">
            Use URL
          </Button>
        </div>
        {value && isWebUrl(value) ? (
          <div className="mt-2 flex items-center gap-3">
            {/* Not previewed: the browser would fetch it from the user's machine; the server fetches it on Run. */}
            <span className="min-w-0 flex-1 truncate text-xs text-zinc-300" data-testid="image-prompt-url-value" title={value}>
              {value}
            </span>
            <span className="shrink-0 text-xs text-zinc-500">fetched by the server on Run</span>
            <Button size="sm" variant="ghost" onClick={clear} aria-label="Remove image prompt" disabled={disabled}>
              Remove
            </Button>
          </div>
        ) : value ? (
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
          <p className="mt-1 text-xs text-zinc-500">PNG, JPEG or WebP up to 10 MB; drop a file here, browse, or give its web address.</p>
        )}
      </div>
    </FieldShell>
  );
}
