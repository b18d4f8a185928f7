import { createTransport } from 'nodemailer';
import { MailError, type Mailer } from '../../core/ports.ts';
import { toMailOptions } from './headers.ts';

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
};

type SmtpFailure = Error & { responseCode?: number; response?: string; code?: string };

/** 4xx: try again later; 5xx: the server will never take this message. Anything without a reply (network) is retried. */
export function mailErrorFrom(error: unknown): MailError {
  if (error instanceof MailError) return error;
  const e = error as SmtpFailure;
  const code = typeof e?.responseCode === 'number' ? e.responseCode : null;
  const reason = (e?.response ?? e?.message ?? String(error)).trim();
  if (code !== null && code >= 500) return new MailError(`SMTP server refused the message (${code}): ${reason}`, true);
  if (code !== null && code >= 400) return new MailError(`SMTP server deferred the message (${code}): ${reason}`, false);
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
