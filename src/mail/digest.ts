import type { CalendarDate } from '../core/calendar.ts';
import { formatMoney, type Money } from '../core/money.ts';
import { formatDay } from '../core/schedule/index.ts';
import { escapeHtml, oneLine } from './format.ts';

/**
 * The owner's daily digest: what needs them today, in their language. Plain HTML and text (it goes to one person, from
 * relance, not in the business's branding); every value is escaped.
 */

export type DigestLine = { number: string; customer: string; amount: Money | null; detail: string | null };
export type DigestSection = { total: number; lines: DigestLine[]; url: string };

export type DigestModel = {
  locale: string;
  businessName: string;
  today: CalendarDate;
  disputes: DigestSection;
  brokenPromises: DigestSection;
  uncertain: DigestSection;
  approvals: DigestSection;
  tasks: { calls: number; letters: number; url: string };
  /** The ledger connection: broken (needs reconnecting) or dying soon; null when all is well. */
  connection: { level: 'needs-reconnect' | 'expired' | 'urgent' | 'soon'; on: CalendarDate | null; ledgerName: string; url: string } | null;
  /** Where the owner turns the digest off. */
  settingsUrl: string;
};

export type RenderedDigest = { subject: string; html: string; text: string };

const EN = {
  subject: (n: number, business: string) => `relance: ${n} thing${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} you today (${business})`,
  intro: (business: string, day: string) => `Here is what needs you today, ${day}, for ${business}.`,
  disputes: (n: number) => `Open disputes (${n})`,
  disputesHint: 'Reminders stop for these invoices until you resolve the dispute.',
  brokenPromises: (n: number) => `Broken promises (${n})`,
  brokenPromisesHint: 'The date they promised has passed and the invoice is still unpaid: call them, or let reminders resume.',
  uncertain: (n: number) => `Sends to check (${n})`,
  uncertainHint: 'The mail server failed in a way that does not say whether the email left: relance will not send it again by itself.',
  approvals: (n: number) => `Waiting for your approval (${n})`,
  approvalsHint: 'These steps go out only once you approve them.',
  tasks: (calls: number, letters: number) =>
    `To do by hand: ${calls} call${calls === 1 ? '' : 's'} to make, ${letters} letter${letters === 1 ? '' : 's'} to print or post.`,
  connection: {
    'needs-reconnect': (ledger: string) => `Your ${ledger} connection stopped working: reconnect it, nothing is read or sent until then.`,
    expired: (ledger: string, day: string) =>
      `Your ${ledger} connection expired on ${day}: reconnect it, nothing is read or sent until then.`,
    urgent: (ledger: string, day: string) => `Your ${ledger} connection expires on ${day}: reconnect before then to keep reminders going.`,
    soon: (ledger: string, day: string) => `Your ${ledger} connection expires on ${day}: reconnect before then to keep reminders going.`,
  },
  connectionTitle: 'Your ledger connection',
  open: 'Open in relance',
  reconnect: 'Reconnect',
  more: (n: number) => `and ${n} more`,
  footer: 'You receive this email because the daily digest is on in your relance settings.',
  turnOff: 'Turn it off or change the hour',
};

const FR: typeof EN = {
  subject: (n: number, business: string) => `relance : ${n} point${n > 1 ? 's' : ''} à traiter aujourd’hui (${business})`,
  intro: (business: string, day: string) => `Voici ce qui demande votre attention aujourd’hui, ${day}, pour ${business}.`,
  disputes: (n: number) => `Contestations en cours (${n})`,
  disputesHint: 'Les relances sont arrêtées pour ces factures jusqu’à ce que vous régliez la contestation.',
  brokenPromises: (n: number) => `Promesses non tenues (${n})`,
  brokenPromisesHint:
    'La date promise est passée et la facture n’est toujours pas payée : appelez le client, ou laissez les relances reprendre.',
  uncertain: (n: number) => `Envois à vérifier (${n})`,
  uncertainHint: 'Le serveur de messagerie a échoué sans dire si l’email est parti : relance ne le renverra pas d’elle-même.',
  approvals: (n: number) => `En attente de votre accord (${n})`,
  approvalsHint: 'Ces étapes ne partent qu’une fois approuvées.',
  tasks: (calls: number, letters: number) =>
    `À faire vous-même : ${calls} appel${calls > 1 ? 's' : ''} à passer, ${letters} courrier${letters > 1 ? 's' : ''} à imprimer ou poster.`,
  connection: {
    'needs-reconnect': (ledger: string) =>
      `La connexion à ${ledger} ne fonctionne plus : reconnectez-la, rien n’est lu ni envoyé d’ici là.`,
    expired: (ledger: string, day: string) =>
      `La connexion à ${ledger} a expiré le ${day} : reconnectez-la, rien n’est lu ni envoyé d’ici là.`,
    urgent: (ledger: string, day: string) =>
      `La connexion à ${ledger} expire le ${day} : reconnectez-la avant pour que les relances continuent.`,
    soon: (ledger: string, day: string) =>
      `La connexion à ${ledger} expire le ${day} : reconnectez-la avant pour que les relances continuent.`,
  },
  connectionTitle: 'Votre connexion comptable',
  open: 'Ouvrir dans relance',
  reconnect: 'Reconnecter',
  more: (n: number) => `et ${n} de plus`,
  footer: 'Vous recevez cet email car le récapitulatif quotidien est activé dans vos réglages relance.',
  turnOff: 'Le désactiver ou changer l’heure',
};

const wordsOf = (locale: string) => (locale.toLowerCase().startsWith('fr') ? FR : EN);

/** How many things the digest has to say: nothing, no email. */
export function digestItems(
  m: Pick<DigestModel, 'disputes' | 'brokenPromises' | 'uncertain' | 'approvals' | 'tasks' | 'connection'>,
): number {
  return (
    m.disputes.total +
    m.brokenPromises.total +
    m.uncertain.total +
    m.approvals.total +
    m.tasks.calls +
    m.tasks.letters +
    (m.connection ? 1 : 0)
  );
}

type Block = { title: string; hint: string | null; lines: string[]; more: string | null; link: { url: string; label: string } };

function lineText(l: DigestLine, locale: string): string {
  const parts = [l.number, l.customer, l.amount ? formatMoney(l.amount, locale) : null, l.detail].filter((p): p is string => !!p);
  return oneLine(parts.join(' · '), 300);
}

function blocksOf(m: DigestModel): Block[] {
  const w = wordsOf(m.locale);
  const day = (d: CalendarDate) => formatDay(d, m.locale);
  const blocks: Block[] = [];
  if (m.connection) {
    const c = m.connection;
    const sentence =
      c.level === 'needs-reconnect' ? w.connection[c.level](c.ledgerName) : w.connection[c.level](c.ledgerName, c.on ? day(c.on) : '');
    blocks.push({ title: w.connectionTitle, hint: null, lines: [sentence], more: null, link: { url: c.url, label: w.reconnect } });
  }
  const section = (s: DigestSection, title: (n: number) => string, hint: string) => {
    if (s.total === 0) return;
    blocks.push({
      title: title(s.total),
      hint,
      lines: s.lines.map((l) => lineText(l, m.locale)),
      more: s.total > s.lines.length ? w.more(s.total - s.lines.length) : null,
      link: { url: s.url, label: w.open },
    });
  };
  section(m.disputes, w.disputes, w.disputesHint);
  section(m.brokenPromises, w.brokenPromises, w.brokenPromisesHint);
  section(m.uncertain, w.uncertain, w.uncertainHint);
  section(m.approvals, w.approvals, w.approvalsHint);
  if (m.tasks.calls + m.tasks.letters > 0)
    blocks.push({
      title: w.tasks(m.tasks.calls, m.tasks.letters),
      hint: null,
      lines: [],
      more: null,
      link: { url: m.tasks.url, label: w.open },
    });
  return blocks;
}

export function renderDigest(m: DigestModel): RenderedDigest {
  const w = wordsOf(m.locale);
  const blocks = blocksOf(m);
  const subject = oneLine(w.subject(digestItems(m), m.businessName), 150);
  const intro = w.intro(m.businessName, formatDay(m.today, m.locale));
  const e = escapeHtml;
  const htmlBlocks = blocks.map(
    (b) =>
      `<h2 style="font-size:16px;margin:24px 0 4px">${e(b.title)}</h2>${b.hint ? `<p style="color:#5b6478;margin:0 0 8px">${e(b.hint)}</p>` : ''}${
        b.lines.length
          ? `<ul style="padding-left:20px;margin:4px 0">${b.lines.map((l) => `<li>${e(l)}</li>`).join('')}${b.more ? `<li>${e(b.more)}</li>` : ''}</ul>`
          : ''
      }<p style="margin:4px 0"><a href="${e(b.link.url)}">${e(b.link.label)}</a></p>`,
  );
  const html = `<!doctype html><html lang="${m.locale.toLowerCase().startsWith('fr') ? 'fr' : 'en'}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2433;line-height:1.5;max-width:640px;margin:0 auto;padding:16px">
<p>${e(intro)}</p>
${htmlBlocks.join('\n')}
<hr style="border:0;border-top:1px solid #d9dee8;margin:24px 0 8px"><p style="color:#5b6478;font-size:13px">${e(w.footer)} <a href="${e(m.settingsUrl)}">${e(w.turnOff)}</a></p>
</body></html>`;
  const textBlocks = blocks.map((b) =>
    [
      b.title,
      ...(b.hint ? [b.hint] : []),
      ...b.lines.map((l) => `- ${l}`),
      ...(b.more ? [`- ${b.more}`] : []),
      `${b.link.label}: ${b.link.url}`,
    ].join('\n'),
  );
  const text = `${intro}\n\n${textBlocks.join('\n\n')}\n\n--\n${w.footer}\n${w.turnOff}: ${m.settingsUrl}\n`;
  return { subject, html, text };
}
