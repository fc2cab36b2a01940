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
  if (request.body !== undefined) lines.push(`--data-raw ${singleQuote(JSON.stringify(request.body))}`);
  return lines.join(" \\\n  ");
}

export function toFetch(request: HttpRequest, keyEnvVar: string): string {
  const headerLines = Object.entries(request.headers).map(([name, value]) => {
    const literal = value.includes(REDACTED)
      ? `\`${value.split(REDACTED).join(`\${process.env.${keyEnvVar}}`).replace(/`/g, "\\`")}\``
      : JSON.stringify(value);
    return `    ${JSON.stringify(name)}: ${literal},`;
  });
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
