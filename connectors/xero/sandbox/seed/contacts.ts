import type { PayerKind, SandboxContact, SandboxPhone, Tenant } from '../state.ts';
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

/**
 * A customer's number in the ranges kept for fiction (Ofcom's 020 7946 0xxx, ARCEP's 01 99 00 xx xx): a business's main
 * line, a private person's mobile (the same fictional range). Derived from the customer's place in the seed, so the
 * random stream, and every other seeded record, stays as it was; one customer in eight has none.
 */
export function fictionalPhone(countryCode: string, index: number, person: boolean): SandboxPhone | null {
  if (index % 8 === 5) return null;
  const type = person ? 'MOBILE' : 'DEFAULT';
  const two = (k: number) => String(k % 100).padStart(2, '0');
  if (countryCode === 'GB') return { type, countryCode: '44', areaCode: '20', number: `7946 0${String(index % 1000).padStart(3, '0')}` };
  return { type, countryCode: '33', areaCode: '1', number: `99 00 ${two(Math.floor(index / 100))} ${two(index)}` };
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
      phone: supplier ? null : fictionalPhone(tenant.countryCode, i, person),
      updatedAt: at,
    };
    tenant.contacts.set(contact.id, contact);
  }
}
