// Types for the TypeScript side (the unit tests); serve.mjs runs the module as plain JavaScript.
export function shortenInlineImages(text: string): string;
export function lineFilter(write: (text: string) => void): { push(chunk: Buffer | string): void; end(): void };
