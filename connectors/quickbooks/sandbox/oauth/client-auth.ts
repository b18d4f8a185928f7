/** The client's id and secret, from HTTP Basic (what Intuit documents) or from the form body. */
export function clientCredentials(authorization: string | undefined, form: Record<string, unknown>): { id: string; secret: string } | null {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '')?.[1];
  if (basic) {
    const [id, ...rest] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return id ? { id: decodeURIComponent(id), secret: decodeURIComponent(rest.join(':')) } : null;
  }
  if (typeof form.client_id === 'string' && typeof form.client_secret === 'string')
    return { id: form.client_id, secret: form.client_secret };
  return null;
}

export function oauthError(error: string, status = 400): Response {
  return new Response(JSON.stringify({ error }), {
    status: error === 'invalid_client' ? 401 : status,
    headers: { 'content-type': 'application/json' },
  });
}
