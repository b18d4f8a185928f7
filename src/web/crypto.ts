/**
 * HMAC and random tokens over Web Crypto only: the app must also run on Cloudflare Workers, where node:crypto is not
 * a given.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

export function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

export async function hmacSign(secret: string, data: string): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(data));
  return toBase64Url(new Uint8Array(sig));
}

/** Constant-time: Web Crypto's verify compares the MACs itself. */
export async function hmacVerify(secret: string, data: string, signature: string): Promise<boolean> {
  const sig = fromBase64Url(signature);
  if (!sig) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), sig, encoder.encode(data));
}

export function randomToken(bytes = 24): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** `payload.signature`, the payload being base64url JSON. */
export async function sealJson(secret: string, value: unknown): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(value)));
  return `${payload}.${await hmacSign(secret, payload)}`;
}

export async function openJson(secret: string, sealed: string): Promise<unknown> {
  const [payload, sig, extra] = sealed.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  if (!(await hmacVerify(secret, payload, sig))) return null;
  const bytes = fromBase64Url(payload);
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
