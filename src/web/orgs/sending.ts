import { z } from 'zod';
import type { Organisation, OwnSmtp } from '../../core/organisation.ts';
import { REFUSAL_WORDS, refusedHost } from '../../mail/public-address.ts';
import type { FieldErrors, FormValues } from './form-values.ts';

/**
 * The "Sending" part of the settings: the platform relay, or the owner's own SMTP server. The password field is never
 * filled in: left blank, the saved (sealed) password stays, but only for the server it was saved for.
 */
export const SENDING_MODES = ['relay', 'own-smtp'] as const;

const PORT = 'a port number from 1 to 65535';

const ownSmtpSchema = z.object({
  host: z.hostname('a server name like smtp.example.com').max(253),
  port: z
    .string()
    .regex(/^\d{1,5}$/, PORT)
    .transform(Number)
    .pipe(z.number().min(1, PORT).max(65535, PORT)),
  secure: z.boolean(),
  user: z.string().min(1, 'enter the user name your mail server expects').max(254, 'at most 254 characters'),
  password: z.string().max(500, 'at most 500 characters'),
});

export type Seal = (plain: string) => string;

export function sendingValuesOf(org: Organisation): FormValues {
  const s = org.smtp;
  return {
    'sending.mode': s ? 'own-smtp' : 'relay',
    'smtp.host': s?.host ?? '',
    'smtp.port': String(s?.port ?? 587),
    'smtp.secure': s?.secure ? 'on' : '',
    'smtp.user': s?.user ?? '',
    'smtp.password': '',
  };
}

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** The smtp setting to store (null: the relay), or the message for each field that is wrong. */
export function readSending(
  values: FormValues,
  org: Organisation,
  seal: Seal | undefined,
  now: string,
  options: { allowPrivateHosts?: boolean } = {},
): { ok: true; smtp: OwnSmtp | null } | { ok: false; errors: FieldErrors } {
  if (one(values['sending.mode']) !== 'own-smtp') return { ok: true, smtp: null };
  const errors: FieldErrors = {};
  // relance connects wherever this points: never its own machine or a private network (checked again after DNS)
  const host = one(values['smtp.host']);
  const refusal = options.allowPrivateHosts ? null : refusedHost(host);
  if (refusal)
    errors['smtp.host'] =
      `${host} is ${REFUSAL_WORDS[refusal]}: a private or local address cannot be used; give your mail provider's public server name, like smtp.example.com`;
  const parsed = ownSmtpSchema.safeParse({
    host: one(values['smtp.host']).toLowerCase(),
    port: one(values['smtp.port']),
    secure: !!one(values['smtp.secure']),
    user: one(values['smtp.user']),
    // a password may begin or end with a space: taken as typed
    password: Array.isArray(values['smtp.password']) ? (values['smtp.password'][0] ?? '') : (values['smtp.password'] ?? ''),
  });
  for (const issue of parsed.error?.issues ?? []) errors[`smtp.${String(issue.path[0])}`] ??= issue.message;
  if (!parsed.success || refusal) return { ok: false, errors };
  const { password, ...server } = parsed.data;
  const saved = org.smtp;
  if (password === '') {
    if (!saved) return { ok: false, errors: { 'smtp.password': 'enter the password of this mail account' } };
    if (saved.host !== server.host) {
      return {
        ok: false,
        errors: { 'smtp.password': 'enter the password again: a saved password is only ever sent to the server it was saved for' },
      };
    }
    const same = saved.port === server.port && saved.secure === server.secure && saved.user === server.user;
    return { ok: true, smtp: same ? saved : { ...server, passwordSealed: saved.passwordSealed, updatedAt: now } };
  }
  if (!seal)
    return {
      ok: false,
      errors: { 'smtp.password': 'this relance server has no secret key to keep passwords safely: use the platform relay for now' },
    };
  return { ok: true, smtp: { ...server, passwordSealed: seal(password), updatedAt: now } };
}
