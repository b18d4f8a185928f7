/**
 * What a person does on the sandbox's consent screen: open it, keep every organisation ticked, press "Allow access".
 * Returns the callback URL the browser would be sent to (with code and state). For tests, benches and the demo.
 */
export async function approveConsent(authorizeUrl: string): Promise<string> {
  const page = await (await fetch(authorizeUrl)).text();
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input type="(?:hidden|checkbox)" name="([^"]+)" value="([^"]*)"/g)) {
    form.append(m[1]!, m[2]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'"));
  }
  form.set('decision', 'allow');
  const answer = await fetch(new URL('/identity/connect/authorize', authorizeUrl), { method: 'POST', body: form, redirect: 'manual' });
  const location = answer.headers.get('location');
  if (!location) throw new Error(`the sandbox consent page did not redirect (${answer.status})`);
  return location;
}
