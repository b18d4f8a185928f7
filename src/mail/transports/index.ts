export { smtpMailer, mailErrorFrom, RefusedAddressError, type LookupAll, type SmtpOptions } from './smtp.ts';
export { ownSmtpMailer, OWN_SMTP_FAILED, type OwnSmtpOptions } from './own-smtp.ts';
export { outboxMailer, outboxFileName } from './outbox.ts';
export { toMailOptions } from './headers.ts';
