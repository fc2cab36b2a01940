/**
 * What a host key may be made of, for the server's variables (checked at start-up) and users' own
 * keys alike. A key goes into an HTTP header: a control character there makes the request fail
 * with an error that quotes the header (and so the key), and whitespace around it is a paste
 * accident. The messages give positions only: the character is part of a secret.
 */
export const KEY_MIN_CHARS = 8;

export function keyTextProblem(key: string, name: string): string | null {
  if (key.length === 0) return `${name} is empty: paste the key the host gave you`;
  if (/^\s|\s$/.test(key)) return `${name} starts or ends with whitespace (a line break pasted with it?): set the key alone`;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return `${name} contains a control character at position ${i + 1} (a line break or tab pasted with it?)`;
    if (code === 0x20) return `${name} contains a space at position ${i + 1}: set the key alone, without "Bearer" or "Key"`;
    if (code > 0x7e) return `${name} contains a non-ASCII character at position ${i + 1}: host keys are plain ASCII`;
  }
  if (key.length < KEY_MIN_CHARS) return `${name} is too short for a host key (at least ${KEY_MIN_CHARS} characters)`;
  return null;
}
