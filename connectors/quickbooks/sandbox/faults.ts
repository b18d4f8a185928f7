import { qbTime } from './format.ts';

/**
 * QuickBooks' error bodies. Data errors are a `Fault` with a list of `Error{Message, Detail, code}` and a type; the
 * codes are Intuit's documented ones (610 object not found, 2020 required parameter missing, 4000 query errors,
 * 5010 stale object, 3001 throttled, 3100 authorization, 3200 authentication).
 */
export type FaultType = 'ValidationFault' | 'AuthenticationFault' | 'AuthorizationFault' | 'ThrottlingFault' | 'SystemFault';

export function fault(
  now: number,
  status: number,
  type: FaultType,
  code: string,
  message: string,
  detail: string,
  headers: Record<string, string> = {},
): Response {
  const body = { Fault: { Error: [{ Message: message, Detail: detail, code }], type }, time: qbTime(now, true) };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export const validation = (now: number, code: string, message: string, detail: string): Response =>
  fault(now, 400, 'ValidationFault', code, message, detail);

export const queryFault = (now: number, detail: string): Response =>
  validation(now, '4000', 'Error parsing query', `QueryParserError: ${detail}`);

export const notFoundFault = (now: number, entity: string, id: string): Response =>
  validation(
    now,
    '610',
    'Object Not Found',
    `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`,
  );

/**
 * A bad or expired bearer token. The gateway in front of the API answers in lower case with the message packed as
 * `message=…; errorCode=…; statusCode=…` (seen in the wild; Intuit's docs show the same content as an upper-case
 * AuthenticationFault): relance must accept either, so the sandbox sends the lower-case one.
 */
export function authenticationFault(now: number, detail: string): Response {
  const body = {
    fault: {
      error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail, code: '3200' }],
      type: 'AUTHENTICATION',
    },
    time: qbTime(now, true),
  };
  return new Response(JSON.stringify(body), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="Intuit", error="invalid_token"' },
  });
}
