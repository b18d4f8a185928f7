import type { Kysely } from 'kysely';
import type { Store } from '../core/store.ts';
import type { Database } from './schema.ts';

type CockpitMethods = Pick<
  Store,
  | 'setScheduleFrom'
  | 'setSendingOnSince'
  | 'receivables'
  | 'listCustomers'
  | 'listInvoices'
  | 'getContact'
  | 'upcomingActions'
  | 'contactHistory'
  | 'answersOf'
  | 'setTaskDueOn'
  | 'recordSyncProgress'
  | 'recordSentMessage'
  | 'sentMessage'
>;

const todo = (name: string) => () => Promise.reject(new Error(`${name}: not implemented yet`));

/** The owner's cockpit: reads of what the store already knows (aggregates, lists), and the steering writes. */
export function cockpit(_db: Kysely<Database>): CockpitMethods {
  return {
    setScheduleFrom: todo('setScheduleFrom'),
    setSendingOnSince: todo('setSendingOnSince'),
    receivables: todo('receivables'),
    listCustomers: todo('listCustomers'),
    listInvoices: todo('listInvoices'),
    getContact: todo('getContact'),
    upcomingActions: todo('upcomingActions'),
    contactHistory: todo('contactHistory'),
    answersOf: todo('answersOf'),
    setTaskDueOn: todo('setTaskDueOn'),
    // no-ops until the store keeps them: the sync and the send call them on every page and message
    recordSyncProgress: () => Promise.resolve(),
    recordSentMessage: () => Promise.resolve(),
    sentMessage: () => Promise.resolve(null),
  };
}
