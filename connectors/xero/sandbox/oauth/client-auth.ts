/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret are form-encoded before base64), or form fields. */
export function clientCredentials(
  authorization: string | undefined,
  form: Record<string, unknown>,
): { id: string; secret: string | undefined } | null {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at < 0) return null;
    return { id: decodeURIComponent(decoded.slice(0, at)), secret: decodeURIComponent(decoded.slice(at + 1)) };
  }
  const id = typeof form.client_id === 'string' ? form.client_id : null;
  if (!id) return null;
  return { id, secret: typeof form.client_secret === 'string' ? form.client_secret : undefined };
}

export function oauthError(error: string, status = 400): Response {
  return new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
