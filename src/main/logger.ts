import pino from 'pino';

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
  '*.headers["x-xero-signature"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, destination);
}
