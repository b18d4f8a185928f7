import { qbTime } from './format.ts';
import { type Rng, rng } from './seed/prng.ts';

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

/** The ThrottlingFault QuickBooks answers with a 429 (code 3001), shared by the limiter and injected faults. */
export function throttlingFault(now: number, retryAfterSeconds: number): Response {
  return fault(
    now,
    429,
    'ThrottlingFault',
    '3001',
    'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    'The request limit was reached.',
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/**
 * A 503 as the sandbox sends it: Intuit documents code 10000 ("An application error has occurred while processing your
 * request", a SystemFault) for its server-side failures. Guessed: that a 503 carries the same Fault body rather than
 * the gateway's plain page; a client must cope with either, so it must not depend on the body of a 5xx.
 */
export function unavailableFault(now: number): Response {
  return fault(
    now,
    503,
    'SystemFault',
    '10000',
    'An application error has occurred while processing your request',
    'System Failure Error: Service Unavailable',
  );
}

/** Injected failures for resilience tests: a share of Accounting calls answer 429 or 503, reproducibly from a seed. */
export type FaultOptions = { rate: number; statuses: (429 | 503)[]; seed?: number };

export function createFaults() {
  let active: { opts: FaultOptions; random: Rng } | null = null;
  const queued: (429 | 503)[] = [];
  let tokenLivesFor: number | null = null;
  return {
    /** The access token in use dies on the call after the next `calls` authenticated Accounting calls. */
    killTokenAfter(calls: number | null): void {
      tokenLivesFor = calls;
    },
    /** Counts an authenticated call; true when this is the one the token dies on. */
    tokenDiesNow(): boolean {
      if (tokenLivesFor === null) return false;
      if (tokenLivesFor > 0) {
        tokenLivesFor -= 1;
        return false;
      }
      tokenLivesFor = null;
      return true;
    },
    set(opts: FaultOptions | null): void {
      active = opts && opts.rate > 0 && opts.statuses.length > 0 ? { opts, random: rng(opts.seed ?? 1) } : null;
    },
    /** The next `count` calls fail with `status`, before any random fault. */
    failNext(count: number, status: 429 | 503): void {
      for (let i = 0; i < count; i++) queued.push(status);
    },
    draw(): 429 | 503 | null {
      const next = queued.shift();
      if (next !== undefined) return next;
      if (!active?.random.chance(active.opts.rate)) return null;
      return active.random.pick(active.opts.statuses);
    },
  };
}

export function faultResponse(now: number, status: 429 | 503): Response {
  return status === 429 ? throttlingFault(now, 1) : unavailableFault(now);
}
