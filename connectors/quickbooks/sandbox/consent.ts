/**
 * What a person does on the sandbox's consent page: open it, keep the first company, press "Connect". Returns the
 * callback URL the browser would be sent to (code, state, realmId). `fetcher` is the app's fetch in-process, or fetch.
 */
export async function approveConsent(
  authorizeUrl: string,
  fetcher: (req: Request) => Promise<Response> = fetch,
  realmId?: string,
): Promise<string> {
  const page = await (await fetcher(new Request(authorizeUrl))).text();
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    form.append(
      m[1]!,
      m[2]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
    );
  }
  const first = /name="realmId" value="([^"]+)"/.exec(page)?.[1];
  form.set('realmId', realmId ?? first ?? '');
  form.set('decision', 'allow');
  const answer = await fetcher(
    new Request(new URL(new URL(authorizeUrl).pathname, authorizeUrl), { method: 'POST', body: form, redirect: 'manual' }),
  );
  const location = answer.headers.get('location');
  if (!location) throw new Error(`the sandbox consent page did not redirect (${answer.status})`);
  return location;
}
