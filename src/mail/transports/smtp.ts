import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { MailError, type Mailer } from '../../core/ports.ts';
import { toMailOptions } from './headers.ts';

/** Every address a host name resolves to (node:dns lookup, all of them), as the operating system's resolver sees it. */
export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;
const lookupAll: LookupAll = (host) => lookup(host, { all: true, verbatim: true });

export type SmtpOptions = {
  host: string;
  port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to send in clear when the server does not offer STARTTLS. */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
  /** Accept a self-signed certificate (tests, a local relay). */
  allowSelfSigned?: boolean;
  /** Hostname announced in EHLO. */
  name?: string;
  timeoutMs?: number;
  /** Keep up to this many connections open and reuse them (a new SMTP session per message costs ~100 ms). 0: none. */
  pool?: number;
  /**
   * Connect only to addresses this accepts (an owner's own server: public addresses, see ownSmtpMailer). Each
   * connection resolves the host here, refuses it when any of its addresses is refused (`refuse` says why), and
   * connects to an address it checked, the host name staying the TLS server name: a DNS answer that changes between
   * the check and the connection (rebinding) changes nothing.
   */
  addressCheck?: { refuse(address: string): string | null; lookup?: LookupAll };
};

type SmtpFailure = Error & { responseCode?: number; response?: string; code?: string };

/** 4xx: try again later; 5xx: the server will never take this message. Anything without a reply (network) is retried. */
export function mailErrorFrom(error: unknown): MailError {
  if (error instanceof MailError) return error;
  // a configuration the owner must change: trying again would be refused again
  if (error instanceof RefusedAddressError) return new MailError(error.message, true);
  const e = error as SmtpFailure;
  const code = typeof e?.responseCode === 'number' ? e.responseCode : null;
  const reason = (e?.response ?? e?.message ?? String(error)).trim();
  if (code !== null && code >= 500) return new MailError(`SMTP server refused the message (${code}): ${reason}`, true, code);
  if (code !== null && code >= 400) return new MailError(`SMTP server deferred the message (${code}): ${reason}`, false, code);
  return new MailError(`SMTP ${e?.code ?? 'error'}: ${reason}`, false);
}

export function smtpMailer(options: SmtpOptions): Mailer & { close(): void } {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? options.port === 465,
    requireTLS: options.requireTLS ?? false,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.name ? { name: options.name } : {}),
    tls: { rejectUnauthorized: !options.allowSelfSigned },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...((options.pool ?? 3) > 0 ? { pool: true, maxConnections: options.pool ?? 3, maxMessages: 100 } : {}),
    ...(options.addressCheck
      ? {
          getSocket: (_: unknown, callback: (error: Error | null, socketOptions: object | false) => void) => {
            checkedSocket(options.host, options.port, options.addressCheck!, timeout).then(
              (connection) => callback(null, { connection }),
              (error: Error) => callback(error, false),
            );
          },
        }
      : {}),
  });
  return {
    async send(email) {
      const message = toMailOptions(email);
      try {
        const info = await transport.sendMail(message);
        return { response: info.response };
      } catch (error) {
        throw mailErrorFrom(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The host resolves to an address relance does not connect to on an owner's behalf. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'EREFUSEDADDRESS';
  constructor(host: string, address: string, why: string) {
    super(`refusing to connect to ${host}: it resolves to ${address}, ${why}`);
  }
}

/** Resolves the host once, checks every address, then connects to the first checked address that answers. */
async function checkedSocket(
  host: string,
  port: number,
  check: NonNullable<SmtpOptions['addressCheck']>,
  timeoutMs: number,
): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  const found = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await beforeDeadline((check.lookup ?? lookupAll)(host), timeoutMs, host);
  if (found.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
  for (const { address } of found) {
    const why = check.refuse(address);
    if (why) throw new RefusedAddressError(host, address, why);
  }
  let last: unknown = null;
  for (const { address } of found) {
    try {
      return await connectTo(address, port, deadline - Date.now());
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

function beforeDeadline<T>(work: Promise<T>, ms: number, host: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`looking up ${host} timed out`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function connectTo(address: string, port: number, timeoutMs: number): Promise<Socket> {
  const timedOut = () => Object.assign(new Error(`connecting to ${address}:${port} timed out`), { code: 'ETIMEDOUT' });
  if (timeoutMs <= 0) return Promise.reject(timedOut());
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    let timer: NodeJS.Timeout | undefined;
    const done = (error: Error | null) => {
      clearTimeout(timer);
      socket.off('error', done);
      if (!error) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    timer = setTimeout(() => done(timedOut()), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', done);
  });
}
