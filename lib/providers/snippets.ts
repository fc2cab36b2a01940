import { REDACTED } from "@/lib/security/scrub-secrets";
import type { HttpRequest } from "./types";

/**
 * "Copy as cURL" and "Copy as TypeScript (fetch)" of a stored request: the exact request the host
 * received, with the redacted key replaced by an environment variable the user already has.
 */
const singleQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const doubleQuoteBody = (value: string) => value.replace(/(["\\`$])/g, "\\$1");

export function toCurl(request: HttpRequest, keyEnvVar: string): string {
  const lines = [`curl -X ${request.method} ${singleQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    const header = `${name}: ${value}`;
    // Double quotes only where the key goes, so the shell expands the variable and nothing else.
    lines.push(
      header.includes(REDACTED)
        ? `-H "${header.split(REDACTED).map(doubleQuoteBody).join(`\${${keyEnvVar}}`)}"`
        : `-H ${singleQuote(header)}`,
    );
  }
  if (request.multipart) {
    // The stored body summarises inline files: each file part is read from a local file of its name.
    for (const [name, value, file] of formFields(request)) {
      lines.push(file ? `-F ${singleQuote(`${name}=@${file}`)}` : `--form-string ${singleQuote(`${name}=${value}`)}`);
    }
  } else if (request.body !== undefined) lines.push(`--data-raw ${singleQuote(JSON.stringify(request.body))}`);
  return lines.join(" \\\n  ");
}

/**
 * A multipart request's fields as their form values, file parts with the local file they are read from
 * (a list of files: repeated `name[]` parts, `name-1.png`, `name-2.png`…).
 */
const formFields = (request: HttpRequest): [name: string, value: string, file?: string][] =>
  Object.entries((request.body ?? {}) as Record<string, unknown>)
    .filter(([, value]) => value !== undefined && value !== null)
    .flatMap(([name, value]): [string, string, string?][] => {
      if (!request.multipart!.files.includes(name)) return [[name, typeof value === "object" ? JSON.stringify(value) : String(value)]];
      if (!Array.isArray(value)) return [[name, "", `${name}.png`]];
      return value.map((_, i) => [`${name}[]`, "", `${name}-${i + 1}.png`]);
    });

export function toFetch(request: HttpRequest, keyEnvVar: string): string {
  const headerLines = Object.entries(request.headers).map(([name, value]) => {
    const literal = value.includes(REDACTED)
      ? `\`${value.split(REDACTED).join(`\${process.env.${keyEnvVar}}`).replace(/`/g, "\\`")}\``
      : JSON.stringify(value);
    return `    ${JSON.stringify(name)}: ${literal},`;
  });
  if (request.multipart) return toFetchMultipart(request, headerLines);
  const body = request.body === undefined ? "" : `\n  body: JSON.stringify(${JSON.stringify(request.body, null, 2).replace(/\n/g, "\n  ")}),`;
  return [
    `const response = await fetch(${JSON.stringify(request.url)}, {`,
    `  method: ${JSON.stringify(request.method)},`,
    `  headers: {`,
    ...headerLines,
    `  },${body}`,
    `});`,
    `console.log(response.status, await response.json());`,
  ].join("\n");
}

/** A multipart request as fetch with FormData: file parts read from local files of their names. */
function toFetchMultipart(request: HttpRequest, headerLines: string[]): string {
  const appends = formFields(request).map(([name, value, file]) =>
    file
      ? `form.append(${JSON.stringify(name)}, await openAsBlob(${JSON.stringify(file)}), ${JSON.stringify(file)});`
      : `form.append(${JSON.stringify(name)}, ${JSON.stringify(value)});`,
  );
  return [
    `const { openAsBlob } = await import("node:fs");`,
    `const form = new FormData();`,
    ...appends,
    `const response = await fetch(${JSON.stringify(request.url)}, {`,
    `  method: ${JSON.stringify(request.method)},`,
    `  headers: {`,
    ...headerLines,
    `  },`,
    `  body: form,`,
    `});`,
    `console.log(response.status, await response.json());`,
  ].join("\n");
}
