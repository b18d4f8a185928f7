import { MailError, type Mailer } from '../../core/ports.ts';
import { REFUSAL_WORDS, refusedAddress } from '../public-address.ts';
import { type LookupAll, mailErrorFrom, smtpMailer } from './smtp.ts';

/**
 * What the owner reads when their own server cannot be used, whatever went wrong: the detail (refused, timed out, no
 * such host, bad login) goes to the log only. Told to the owner, it would let anyone with a settings page tell an open
 * port from a closed one, from relance's side of the network.
 */
export const OWN_SMTP_FAILED = 'relance could not connect to your mail server; check the host, port and credentials';

export type OwnSmtpOptions = {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string };
  /**
   * Let the server be on this machine or a private network (the demo, tests with a local SMTP server). Default: false,
   * public addresses only, checked after DNS at each connection.
   */
  allowPrivateHosts?: boolean;
  /** Resolves the host (default: node:dns lookup, all addresses). */
  lookup?: LookupAll;
  /** Where the detail of a failure goes. */
  log: (detail: { host: string; port: number; err: string; permanent: boolean }) => void;
  timeoutMs?: number;
};

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

function publicOnly(address: string): string | null {
  const refusal = refusedAddress(address);
  return refusal ? REFUSAL_WORDS[refusal] : null;
}

/** The owner's own SMTP server: public addresses only unless allowed, failures told in one sentence. */
export function ownSmtpMailer(options: OwnSmtpOptions): Mailer & { close(): void } {
  const { host, port, secure, auth } = options;
  const allowPrivate = options.allowPrivateHosts === true;
  const inner = smtpMailer({
    host,
    port,
    secure,
    // the owner's password never crosses the network in clear; a server on this machine (demo, tests) is the exception
    requireTLS: !secure && !(allowPrivate && LOOPBACK.has(host)),
    auth,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(allowPrivate ? {} : { addressCheck: { refuse: publicOnly, ...(options.lookup ? { lookup: options.lookup } : {}) } }),
  });
  return {
    async send(email) {
      try {
        return await inner.send(email);
      } catch (error) {
        const detail = mailErrorFrom(error);
        options.log({ host, port, err: detail.message, permanent: detail.permanent });
        // permanent or not stays as the server meant it: a 4xx is tried again later, a 5xx is not
        throw new MailError(ownSmtpFailure(detail.replyCode), detail.permanent, detail.replyCode);
      }
    },
    close() {
      inner.close();
    },
  };
}

/**
 * A reply code from the owner's server says it was reached and answered (a public server, the check has passed): the
 * code helps the owner and tells nothing about the network. Anything else (refused, timed out, no such host) is told
 * in the one sentence above.
 */
function ownSmtpFailure(code: number | null): string {
  if (code !== null && code >= 400 && code < 600) {
    return `your mail server answered ${code} and did not take the message; check the recipient's address and your account`;
  }
  return OWN_SMTP_FAILED;
}
