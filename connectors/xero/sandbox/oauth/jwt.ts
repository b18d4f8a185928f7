/**
 * RS256 tokens like Xero's (access tokens and ID tokens are JWTs), signed with a key made once per process, published
 * at the JWKS URL so an OpenID client can check them.
 */
const KID = 'relance-sandbox-1';

type Keys = { privateKey: CryptoKey; jwk: JsonWebKey & { kid: string; alg: string; use: string } };
let keys: Promise<Keys> | null = null;

function keyPair(): Promise<Keys> {
  keys ??= (async () => {
    const pair = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    );
    const { kty, n, e } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    return { privateKey: pair.privateKey, jwk: { kty, n, e, kid: KID, alg: 'RS256', use: 'sig' } };
  })();
  return keys;
}

export const base64url = (bytes: Uint8Array | string): string =>
  Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes).toString('base64url');

export async function signJwt(claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await keyPair();
  const head = `${base64url(JSON.stringify({ alg: 'RS256', kid: KID, typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, new TextEncoder().encode(head));
  return `${head}.${base64url(new Uint8Array(sig))}`;
}

export async function jwks(): Promise<{ keys: Keys['jwk'][] }> {
  return { keys: [(await keyPair()).jwk] };
}

export const randomToken = (bytes = 32): string => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');

export async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}
