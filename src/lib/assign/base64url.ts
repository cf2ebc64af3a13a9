// Bytes as base64url (RFC 4648 §5, no padding): the alphabet a URL carries without escapes.
// Written out rather than through btoa/Buffer so the same code runs in the page, in Node and in tests.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/**
 * The bytes of a base64url string. Reading stops at the first character outside the alphabet
 * (`valid` is then false), so a damaged address still yields the bytes before the damage. A length no
 * encoder writes (4k + 1: an address cut short) drops its last character.
 */
export function fromBase64url(text: string): { bytes: Uint8Array; valid: boolean } {
  let end = 0;
  while (end < text.length && VALUE.has(text[end])) end++;
  const valid = end === text.length;
  const usable = end % 4 === 1 ? end - 1 : end;
  const bytes = new Uint8Array(Math.floor((usable * 6) / 8));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < usable; i++) {
    acc = ((acc << 6) | VALUE.get(text[i])!) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (acc >> bits) & 0xff;
    }
  }
  return { bytes, valid };
}
