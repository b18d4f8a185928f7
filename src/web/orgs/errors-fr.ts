import type { FieldErrors } from './form-values.ts';
import type { PageLanguage } from '../words.ts';

/**
 * The settings readers (this folder's and the policy's own schema in core) word their refusals in English, once; a
 * French page shows them in French through this table, matched on the whole message. A message missing here is shown
 * as it is (in English) rather than not at all.
 */
const FRENCH: [RegExp, (...m: string[]) => string][] = [
  [/^"(.*)" is not a whole number$/s, (v) => `« ${v} » n’est pas un nombre entier`],
  [/^"(.*)" is not a number$/s, (v) => `« ${v} » n’est pas un nombre`],
  [/^must be at least (.+)$/, (n) => `doit valoir au moins ${n}`],
  [/^must be more than (.+)$/, (n) => `doit valoir plus de ${n}`],
  [/^must be at most (.+)$/, (n) => `doit valoir au plus ${n}`],
  [/^must be less than (.+)$/, (n) => `doit valoir moins de ${n}`],
  [/^pick one of: (.+)$/, (list) => `choisissez parmi : ${list}`],
  [/^enter a number$/, () => 'saisissez un nombre'],
  [/^cannot be empty$/, () => 'ne peut pas être vide'],
  [/^at most (\d+) characters$/, (n) => `${n} caractères au plus`],
  [/^an amount like 40 or 12\.50$/, () => 'un montant comme 40 ou 12.50'],
  [/^the name your customers see cannot be empty$/, () => 'le nom que voient vos clients ne peut pas être vide'],
  [/^enter the address replies should go to, like (.+)$/, (a) => `saisissez l’adresse où arrivent les réponses, comme ${a}`],
  [/^a colour like (#\w+)$/, (c) => `une couleur comme ${c}`],
  [/^a logo address starts with https:\/\/$/, () => 'une adresse de logo commence par https://'],
  [
    /^a logo address cannot contain spaces, line breaks or other invisible characters: .*$/s,
    () =>
      'une adresse de logo ne peut contenir ni espace, ni retour à la ligne, ni autre caractère invisible : copiez à nouveau l’adresse de l’image',
  ],
  [
    /^a logo address cannot contain (.): write it as (%\w\w), .*$/s,
    (c, e) => `une adresse de logo ne peut pas contenir ${c} : écrivez-le ${e}, ou copiez à nouveau l’adresse de l’image`,
  ],
  [/^this is not a web address: .*$/s, () => 'ce n’est pas une adresse web : copiez à nouveau l’adresse de l’image'],
  [
    /^at most (\d+) characters \(this one has (\d+)\): .*$/,
    (n, m) => `${n} caractères au plus (celle-ci en a ${m}) : utilisez une adresse plus courte pour l’image`,
  ],
  [
    /^(.+)% is under the French legal floor of (.+)% \(3 × the legal rate of (.+)%, (.+) to (.+)\): .*$/,
    (r, floor, legal, from, to) =>
      `${r} % est sous le plancher légal de ${floor} % (3 × le taux légal de ${legal} %, du ${from} au ${to}) : indiquez au moins ${floor} %, ou laissez vide pour le taux BCE + 10 points`,
  ],
  [/^a step key is 1-40 lowercase letters, digits or dashes$/, () => 'une clé d’étape : 1 à 40 minuscules, chiffres ou tirets'],
  [/^a policy needs at least one step$/, () => 'il faut au moins une étape'],
  [/^pick at least one weekday$/, () => 'choisissez au moins un jour'],
  [/^the send window must start before it ends$/, () => 'la plage d’envoi doit commencer avant de finir'],
  [/^step key "(.+)" is used twice$/, (k) => `la clé d’étape « ${k} » est utilisée deux fois`],
  [
    /^steps must be in order of days: "(.+)" \((.+)\) comes after "(.+)" \((.+)\)$/,
    (a, n, b, m) => `les étapes doivent suivre l’ordre des jours : « ${a} » (${n}) vient après « ${b} » (${m})`,
  ],
  [/^fill both, or leave both empty for no repetition$/, () => 'remplissez les deux, ou laissez les deux vides pour ne pas répéter'],
  [/^"(.*)" is not an amount, like 40 or 12\.50$/s, (v) => `« ${v} » n’est pas un montant, comme 40 ou 12.50`],
  [
    /^custom terms need a fixed fee, a percentage of the balance or a yearly rate$/,
    () => 'vos conditions demandent des frais fixes, un pourcentage du solde ou un taux annuel',
  ],
  [/^only a fee repeats: .*$/, () => 'seuls des frais se répètent : indiquez des frais fixes ou un pourcentage, ou laissez vide'],
  [
    /^enter an address like (.+), or leave it empty for the reply-to address$/,
    (a) => `saisissez une adresse comme ${a}, ou laissez vide pour l’adresse de réponse`,
  ],
  [/^an hour from 0 to 23$/, () => 'une heure de 0 à 23'],
  [/^"(.*)" is not a time zone: pick one like (.+)$/s, (v, z) => `« ${v} » n’est pas un fuseau horaire : choisissez-en un comme ${z}`],
  [/^"(.*)" is not a country code: two letters, like FR or GB$/s, (v) => `« ${v} » n’est pas un code pays : deux lettres, comme FR ou BE`],
  [/^give the rule a name, like "(.+)"$/, (n) => `donnez un nom à la règle, comme « ${n === 'Large invoices' ? 'Grosses factures' : n} »`],
  [
    /^say which invoices this rule is for: .*$/,
    () => 'dites à quelles factures la règle s’applique : particulier ou entreprise, un profil, un montant ou des clients nommés',
  ],
  [/^pick consumer or business$/, () => 'choisissez particulier ou entreprise'],
  [
    /^pick "as the default policy" or "every step waits for approval"$/,
    () => 'choisissez « comme la politique par défaut » ou « chaque étape attend votre accord »',
  ],
  [/^at most (\d+) customers$/, (n) => `${n} clients au plus`],
  [/^"(.*)" is not an amount in (\w+), like (.+)$/s, (v, c, e) => `« ${v} » n’est pas un montant en ${c}, comme ${e}`],
  [/^the largest amount must be at least the smallest$/, () => 'le montant maximum doit être au moins égal au minimum'],
  [/^at most (\d+) rules$/, (n) => `${n} règles au plus`],
  [/^a port number from 1 to 65535$/, () => 'un numéro de port de 1 à 65535'],
  [/^a server name like (.+)$/, (h) => `un nom de serveur comme ${h}`],
  [/^enter the user name your mail server expects$/, () => 'saisissez l’identifiant qu’attend votre serveur de messagerie'],
  [/^enter the password of this mail account$/, () => 'saisissez le mot de passe de ce compte de messagerie'],
  [
    /^enter the password again: .*$/,
    () => 'saisissez à nouveau le mot de passe : un mot de passe enregistré n’est envoyé qu’au serveur pour lequel il l’a été',
  ],
];

export function frenchError(message: string): string {
  for (const [pattern, say] of FRENCH) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return message;
}

/** The errors as the page's language says them. */
export function errorsIn(lang: PageLanguage, errors: FieldErrors): FieldErrors {
  if (lang !== 'fr') return errors;
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, frenchError(message)]));
}
