const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A new random id: 22 url-safe characters (132 random bits). */
export function newId(): string {
  // getRandomValues, not randomUUID: the latter is missing in insecure (plain http) browser contexts.
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
