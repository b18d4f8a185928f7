import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJob, QUEUE_NAMES, SYNC_REASONS, type Job } from './payloads.ts';

const orgId = fc.stringMatching(/^[a-z0-9-]{1,36}$/);
const id = fc.string({ minLength: 1, maxLength: 20 });
const jobs: fc.Arbitrary<Job> = fc.oneof(
  fc.record(
    {
      type: fc.constant('sync' as const),
      orgId,
      reason: fc.constantFrom(...SYNC_REASONS),
      invoiceExternalIds: fc.option(fc.array(id), { nil: undefined }),
    },
    { requiredKeys: ['type', 'orgId', 'reason'] },
  ),
  fc.record({ type: fc.constant('plan' as const), orgId }),
  fc.record({ type: fc.constant('send' as const), orgId, reminderIds: fc.array(id, { minLength: 1 }) }),
  fc.record({ type: fc.constant('writeback' as const), orgId, action: fc.constant('note' as const), reminderId: id }),
  fc.record({ type: fc.constant('writeback' as const), orgId, action: fc.constant('answer-note' as const), answerId: id }),
  fc.record({ type: fc.constant('writeback' as const), orgId, action: fc.constant('charges' as const), invoiceId: id }),
  fc.record(
    {
      type: fc.constant('writeback' as const),
      orgId,
      action: fc.constant('owner-note' as const),
      invoiceId: id,
      eventKey: id,
      contactId: fc.option(id, { nil: undefined }),
    },
    { requiredKeys: ['type', 'orgId', 'action', 'invoiceId', 'eventKey'] },
  ),
);

describe('parseJob', () => {
  test('every job a producer can build survives the trip through Redis (JSON) unchanged, on its own queue only', () => {
    fc.assert(
      fc.property(jobs, (job) => {
        const taken: unknown = JSON.parse(JSON.stringify(job));
        expect(parseJob(taken, job.type)).toEqual({ ok: true, job: taken });
        for (const other of QUEUE_NAMES.filter((q) => q !== job.type)) expect(parseJob(taken, other).ok).toBe(false);
      }),
    );
  });

  test.each([
    [null, /malformed send job: job: /],
    [{ type: 'send', orgId: 'o1', reminderIds: [] }, /reminderIds: .*>=1/],
    [{ type: 'send', orgId: 'o:1', reminderIds: ['r'] }, /orgId: an organisation id/],
    [{ type: 'send', reminderIds: ['r'] }, /orgId: /],
  ])('%j is refused with its reason', (data, reason) => {
    const parsed = parseJob(data, 'send');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
