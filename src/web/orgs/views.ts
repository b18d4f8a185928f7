import type { Organisation } from '../../core/organisation.ts';
import { ownerNav } from '../owner-nav.ts';

export const nav = (org: Organisation) => ownerNav(org);

export const NOTICES: Record<string, string> = {
  saved: 'Settings saved. What relance will do next has been recomputed.',
  approved: 'Approved: it goes out in the next send window.',
  'approved-letter':
    'Approved: relance does not post letters. Once its last check of the ledger is done, the letter is listed under Tasks, ready to print and post.',
  'approved-call': 'Approved: the call is listed under Tasks once relance has checked the ledger.',
  'approve-gone': 'That reminder is no longer waiting for approval (it was approved already, or the invoice was paid).',
  'test-sent': 'Test sent: it should reach your reply-to address within a minute.',
  waived: 'Charges waived: a credit note cancelling them was written to your ledger.',
};

// ---- settings (the page itself is settings-page.ts)

export { settingsPage } from './settings-page.ts';
