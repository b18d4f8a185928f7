import type { Organisation } from '../core/organisation.ts';
import { html, type Html } from './html.ts';
import { wordsFor } from './words.ts';

const words = wordsFor(
  {
    home: 'Dashboard',
    customers: 'Customers',
    invoices: 'Invoices',
    tasks: 'Tasks',
    outbox: 'Outbox',
    settings: 'Settings',
    label: 'Sections',
  },
  {
    home: 'Tableau de bord',
    customers: 'Clients',
    invoices: 'Factures',
    tasks: 'Tâches',
    outbox: 'Envois',
    settings: 'Réglages',
    label: 'Rubriques',
  },
);

export type OwnerSection = 'home' | 'customers' | 'invoices' | 'tasks' | 'outbox' | 'settings';

/** The owner's sections, the current one marked for screen readers (aria-current). */
export function ownerNav(org: Organisation, current?: OwnerSection): Html {
  const w = words(org.locale);
  const link = (section: OwnerSection, path: string) =>
    html`<a href="/orgs/${org.id}${path}"${section === current ? html` aria-current="page"` : ''}>${w[section]}</a>`;
  return html`<nav aria-label="${w.label}"><span class="org-name">${org.name}</span> ${link('home', '')} ${link('customers', '/customers')} ${link('invoices', '/invoices')} ${link('tasks', '/tasks')} ${link('outbox', '/outbox')} ${link('settings', '/settings')}</nav>`;
}
