import { wordsFor } from '../words.ts';

/** Start safely's words, in English and French (the organisation's locale picks). */
export const startWords = wordsFor(
  {
    title: 'Getting started',
    banner: 'Preview: nothing is sent.',
    bannerMore: 'relance reads your ledger and shows what it would do. Nothing goes to your customers until you turn sending on below.',
    syncTitle: 'Reading your ledger',
    reading: 'Reading {entity}: {pages} pages, {records} records so far.',
    waiting: 'Waiting for the first sync to start…',
    done: 'First sync done.',
    doneAt: (stamp: string) => `First sync done (${stamp}).`,
    refresh: 'Refresh',
    entity_contacts: 'customers',
    entity_invoices: 'invoices',
    entity_payments: 'payments',
    entity_creditNotes: 'credit notes',
    reviewTitle: 'Catch-up review: what would go out for invoices already overdue',
    reviewLater: 'The review appears here once the first sync is done.',
    reviewNone: 'No invoice is overdue: nothing would go out to catch up. Sending can start as planned.',
    reviewIntro: (total: number) =>
      total === 1
        ? '1 invoice is already overdue. Choose for each one what relance does when sending starts.'
        : `${total} invoices are already overdue. Choose for each one what relance does when sending starts.`,
    longOverdue: 'Invoices more than 60 days overdue start gently unless you choose otherwise.',
    groupStep: (step: string, n: number) => `${step}: ${n === 1 ? '1 invoice' : `${n} invoices`}`,
    group_send: 'would go out now',
    group_approve: 'would wait for your approval',
    group_blocked: 'blocked',
    group_skip: 'skipped',
    group_hold: 'on hold',
    noStep: 'No step',
    invoice: 'Invoice',
    customer: 'Customer',
    amount: 'Balance',
    overdue: 'Days overdue',
    choice: 'Choice',
    choiceFor: (number: string) => `What relance does for invoice ${number}`,
    asPlanned: 'as planned',
    gentle: (step: string) => `start gently at “${step}”`,
    leaveOut: 'leave out (paused)',
    notListed: (n: number) =>
      n === 1
        ? '1 more invoice in this group is not listed: it follows the default (as planned, or gently when long overdue).'
        : `${n} more invoices in this group are not listed: they follow the default (as planned, or gently when long overdue).`,
    turnOn: 'Turn sending on',
    turnOnHint: 'relance then plans the reminders and sends them in your next send window.',
    badChoice: 'Pick one of the choices offered.',
    unknownInvoice: 'This invoice is not in the review any more: reload the page.',
    noGentle: 'Your policy has no step after the due date to start gently at.',
    nothingChanged: 'Nothing was changed:',
    notInPreview: 'Sending is already on.',
    notConnected: 'Reconnect your ledger first.',
    figuresTitle: 'What relance already knows',
  },
  {
    title: 'Bien démarrer',
    banner: 'Aperçu : rien n’est envoyé.',
    bannerMore:
      'relance lit votre comptabilité et montre ce qu’il ferait. Rien ne part vers vos clients tant que vous n’activez pas les envois ci-dessous.',
    syncTitle: 'Lecture de votre comptabilité',
    reading: 'Lecture des {entity} : {pages} pages, {records} enregistrements pour l’instant.',
    waiting: 'En attente du début de la première synchronisation…',
    done: 'Première synchronisation terminée.',
    doneAt: (stamp: string) => `Première synchronisation terminée (${stamp}).`,
    refresh: 'Actualiser',
    entity_contacts: 'clients',
    entity_invoices: 'factures',
    entity_payments: 'paiements',
    entity_creditNotes: 'avoirs',
    reviewTitle: 'Rattrapage : ce qui partirait pour les factures déjà en retard',
    reviewLater: 'Le rattrapage s’affiche ici une fois la première synchronisation terminée.',
    reviewNone: 'Aucune facture n’est en retard : rien à rattraper. Les envois peuvent démarrer comme prévu.',
    reviewIntro: (total: number) =>
      total === 1
        ? '1 facture est déjà en retard. Choisissez ce que relance fera quand les envois démarreront.'
        : `${total} factures sont déjà en retard. Choisissez pour chacune ce que relance fera quand les envois démarreront.`,
    longOverdue: 'Les factures en retard de plus de 60 jours reprennent en douceur, sauf choix contraire.',
    groupStep: (step: string, n: number) => `${step} : ${n === 1 ? '1 facture' : `${n} factures`}`,
    group_send: 'partirait maintenant',
    group_approve: 'attendrait votre accord',
    group_blocked: 'bloquée',
    group_skip: 'sautée',
    group_hold: 'en attente',
    noStep: 'Aucune étape',
    invoice: 'Facture',
    customer: 'Client',
    amount: 'Solde',
    overdue: 'Jours de retard',
    choice: 'Choix',
    choiceFor: (number: string) => `Ce que relance fait pour la facture ${number}`,
    asPlanned: 'comme prévu',
    gentle: (step: string) => `reprendre en douceur à « ${step} »`,
    leaveOut: 'laisser de côté (en pause)',
    notListed: (n: number) =>
      n === 1
        ? '1 autre facture de ce groupe n’est pas listée : elle suit le choix par défaut (comme prévu, ou en douceur si le retard est long).'
        : `${n} autres factures de ce groupe ne sont pas listées : elles suivent le choix par défaut (comme prévu, ou en douceur si le retard est long).`,
    turnOn: 'Activer les envois',
    turnOnHint: 'relance planifie alors les relances et les envoie dans votre prochaine plage d’envoi.',
    badChoice: 'Choisissez l’une des options proposées.',
    unknownInvoice: 'Cette facture n’est plus dans le rattrapage : rechargez la page.',
    noGentle: 'Votre politique n’a pas d’étape après l’échéance où reprendre en douceur.',
    nothingChanged: 'Rien n’a été modifié :',
    notInPreview: 'Les envois sont déjà activés.',
    notConnected: 'Reconnectez d’abord votre comptabilité.',
    figuresTitle: 'Ce que relance sait déjà',
  },
);

export type StartWords = ReturnType<typeof startWords>;
