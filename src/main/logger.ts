import pino from 'pino';
import { ledgers } from '../../connectors/index.ts';

/** Each registered ledger's webhook signature header, wherever a logged request's headers appear. */
const signatureHeaders = [...new Set(ledgers.map((l) => l.config.webhook.signatureHeader.toLowerCase()))].map(
  (h) => `*.headers[${JSON.stringify(h)}]`,
);

/** Logs never carry secrets: tokens, passwords, cookies and signatures are redacted wherever they appear. */
export const REDACT = [
  'accessToken',
  'refreshToken',
  'idToken',
  'password',
  'pass',
  'clientSecret',
  'secret',
  'token',
  'authorization',
  '*.accessToken',
  '*.refreshToken',
  '*.idToken',
  '*.password',
  '*.pass',
  '*.clientSecret',
  '*.secret',
  '*.token',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  ...signatureHeaders,
];

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, destination);
}
