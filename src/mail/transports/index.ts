export { smtpMailer, mailErrorFrom, type SmtpOptions } from './smtp.ts';
export { outboxMailer, outboxFileName } from './outbox.ts';
export { toMailOptions } from './headers.ts';
