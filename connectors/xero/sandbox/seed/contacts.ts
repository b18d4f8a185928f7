import type { PayerKind, SandboxContact, Tenant } from '../state.ts';
import { type Locale, slug } from './people.ts';
import type { Rng } from './prng.ts';

const KINDS: [PayerKind, number][] = [
  ['early', 0.2],
  ['on-time', 0.3],
  ['late', 0.25],
  ['partial', 0.12],
  ['never', 0.13],
];

function payerKind(random: Rng): PayerKind {
  let r = random.next();
  for (const [kind, share] of KINDS) {
    if (r < share) return kind;
    r -= share;
  }
  return 'on-time';
}

/** Customers (businesses, some private people), a few without email, some with contact persons; and suppliers. */
export function seedContacts(tenant: Tenant, locale: Locale, random: Rng, customers: number, suppliers: number, at: number): void {
  const taken = new Set<string>();
  const unique = (name: string): string => {
    let n = name;
    for (let i = 2; taken.has(n); i++) n = `${name} (${i})`;
    taken.add(n);
    return n;
  };
  for (let i = 0; i < customers + suppliers; i++) {
    const supplier = i >= customers;
    const person = !supplier && random.chance(0.15);
    const first = random.pick(locale.first);
    const last = random.pick(locale.last);
    const name = unique(
      person
        ? `${first} ${last}`
        : random.chance(0.5)
          ? `${random.pick(locale.trade)} ${random.pick(locale.place)} ${random.pick(locale.form)}`
          : `${last} ${random.pick(locale.trade)} ${random.pick(locale.form)}`,
    );
    const domain = `${slug(name)}.example`;
    const email = random.chance(0.07)
      ? null
      : person
        ? `${slug(first)}.${slug(last)}@${domain}`
        : `${random.pick(locale.mailbox)}@${domain}`;
    const persons =
      !person && random.chance(0.3)
        ? Array.from({ length: random.int(1, 2) }, (_, k) => {
            const pf = random.pick(locale.first);
            const pl = random.pick(locale.last);
            return {
              firstName: pf,
              lastName: pl,
              email: `${slug(pf)}.${slug(pl)}@${domain}`,
              includeInEmails: k === 0 && random.chance(0.7),
            };
          })
        : [];
    const contact: SandboxContact = {
      id: random.uuid(),
      name,
      firstName: person ? first : null,
      lastName: person ? last : null,
      email,
      persons,
      countryCode: tenant.countryCode,
      city: random.pick(locale.cities),
      isCustomer: !supplier,
      isSupplier: supplier,
      status: 'ACTIVE',
      payer: supplier ? null : payerKind(random),
      updatedAt: at,
    };
    tenant.contacts.set(contact.id, contact);
  }
}
