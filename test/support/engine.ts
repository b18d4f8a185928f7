import type { Organisation } from '../../src/core/organisation.ts';
import type { Clock, Mailer, OutgoingEmail } from '../../src/core/ports.ts';
import type { Job } from '../../src/jobs/payloads.ts';
import type { ReminderComposer, ServiceDeps, WorkQueue } from '../../src/services/index.ts';
import { TestLedger } from './test-ledger.ts';
import type { Store } from '../../src/core/store.ts';

/** The engine wired for tests: a real store, the test ledger, a clock the test moves, and mail captured in memory. */
export class TestClock implements Clock {
  current: Date;
  constructor(start: Date) {
    this.current = start;
  }
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export class CapturingMailer implements Mailer {
  sent: OutgoingEmail[] = [];
  failWith: Error | null = null;
  async send(email: OutgoingEmail) {
    if (this.failWith) throw this.failWith;
    this.sent.push(email);
    return { response: '250 OK' };
  }
}

export class RecordingQueue implements WorkQueue {
  jobs: { job: Job; jobId?: string }[] = [];
  async enqueue(job: Job, options?: { jobId?: string }) {
    if (options?.jobId && this.jobs.some((j) => j.jobId === options.jobId)) return;
    this.jobs.push({ job, ...(options?.jobId ? { jobId: options.jobId } : {}) });
  }
  take(type: Job['type']): Job[] {
    const taken = this.jobs.filter((j) => j.job.type === type);
    this.jobs = this.jobs.filter((j) => j.job.type !== type);
    return taken.map((j) => j.job);
  }
}

export const plainComposer: ReminderComposer = {
  async compose(input) {
    const numbers = input.invoices.map((i) => i.invoice.number).join(', ');
    return {
      from: { name: input.org.sender.name, address: 'relay@relance.invalid' },
      replyTo: { address: input.org.sender.email },
      to: input.contact.emails.map((address) => ({ address })),
      subject: `${input.step.template}: ${numbers}`,
      html: `<p>${numbers}</p>`,
      text: `${numbers} ${input.answerUrls.promise}`,
      messageId: `<reminder-${input.reminderKey}@relance.test>`,
      ...(input.earlierMessageIds.length ? { references: input.earlierMessageIds } : {}),
    };
  },
};

export function testDeps(store: Store, start: string, overrides: Partial<ServiceDeps> = {}) {
  const ledger = new TestLedger();
  const clock = new TestClock(new Date(start));
  const mailer = new CapturingMailer();
  const queue = new RecordingQueue();
  const log = { info() {}, warn() {}, error() {} };
  const deps: ServiceDeps = {
    store,
    ledger: (_org: Organisation) => ledger,
    clock,
    queue,
    composer: plainComposer,
    mailer: () => mailer,
    log,
    worker: 'test-worker',
    publicUrl: 'https://relance.test',
    linkSecret: 'test-secret',
    ...overrides,
  };
  return { deps, ledger, clock, mailer, queue };
}
