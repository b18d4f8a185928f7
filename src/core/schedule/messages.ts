import type { Step } from '../policy.ts';
import type { Decision, PlannedMessage } from '../reminder.ts';

export type SendDecision = Extract<Decision, { kind: 'send' }>;

/** A send decision with what grouping needs: whether its policy consolidates, and its step's position there. */
export type PlannedSend = { decision: SendDecision; consolidate: boolean; position: number };

/** Most advanced by position in the policy; on a tie (invoices under different policies) the later offset, then key. */
function moreAdvanced(a: PlannedSend, b: PlannedSend): PlannedSend {
  const ka: [number, number, string] = [a.position, a.decision.step.offsetDays, a.decision.step.key];
  const kb: [number, number, string] = [b.position, b.decision.step.offsetDays, b.decision.step.key];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return (ka[i] as number | string) > (kb[i] as number | string) ? a : b;
  return a;
}

function toMessage(group: readonly PlannedSend[]): PlannedMessage {
  const lead = group.reduce(moreAdvanced);
  const steps: { invoiceId: string; step: Step; dueOn: PlannedMessage['steps'][number]['dueOn'] }[] = group.map((s) => ({
    invoiceId: s.decision.invoiceId,
    step: s.decision.step,
    dueOn: s.decision.dueOn,
  }));
  return {
    contactId: lead.decision.contactId,
    channel: lead.decision.step.channel,
    step: lead.decision.step,
    invoiceIds: steps.map((s) => s.invoiceId),
    steps,
  };
}

/**
 * One message per (contact, channel) for the sends whose policy consolidates, one per send otherwise. `sends` must
 * already be in the plan's order; messages keep it.
 */
export function groupMessages(sends: readonly PlannedSend[]): PlannedMessage[] {
  const groups = new Map<string, PlannedSend[]>();
  for (const s of sends) {
    const d = s.decision;
    const key = s.consolidate ? `${d.contactId}\u0000${d.step.channel}` : `${d.contactId}\u0000${d.step.channel}\u0000${d.invoiceId}`;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()].map(toMessage);
}
