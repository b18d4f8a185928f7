import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../policy.ts';
import { PHRASES } from './phrases.ts';
import { describeOffset, describeStep, formatDay } from './words.ts';
import { day } from './testkit.ts';

describe('step labels', () => {
  it('names each step of the default policy in English and French', () => {
    expect(defaultPolicy.steps.map((s) => describeStep(s, 'en'))).toEqual([
      'courtesy reminder',
      'friendly reminder',
      'firm reminder',
      'reminder call',
      'final reminder',
      'formal notice by letter',
    ]);
    expect(defaultPolicy.steps.map((s) => describeStep(s, 'fr-FR'))).toEqual([
      'rappel de courtoisie',
      'relance amiable',
      'relance ferme',
      'relance téléphonique',
      'dernière relance',
      'mise en demeure par courrier',
    ]);
  });

  it('falls back to English for a locale nobody translated', () => {
    expect(describeStep({ template: 'final', channel: 'email' }, 'de')).toBe('final reminder');
  });

  it.each([
    [1, 'en', '1 day after the due date'],
    [10, 'en', '10 days after the due date'],
    [-3, 'en', '3 days before the due date'],
    [0, 'en', 'on the due date'],
    [1, 'fr', "1 jour après l'échéance"],
    [-3, 'fr', "3 jours avant l'échéance"],
    [0, 'fr', "le jour de l'échéance"],
  ])('describes an offset of %d in %s as %j', (offset, locale, text) => {
    expect(describeOffset(offset, locale)).toBe(text);
  });

  it('writes a calendar day the same in every server zone', () => {
    expect(formatDay(day('2026-03-03'))).toBe('3 Mar 2026');
    expect(formatDay(day('2026-03-03'), 'fr')).toBe('3 mars 2026');
    expect(formatDay(day('2026-12-31'), 'en')).toBe('31 Dec 2026');
  });
});

describe('the past-due sentence', () => {
  it.each([
    [
      'en',
      { label: 'friendly reminder', on: '10 Mar 2026' },
      'INV-0042: the courtesy reminder (3 days before the due date, 3 Mar 2026) was not sent: the due date has passed; the friendly reminder follows on 10 Mar 2026.',
    ],
    [
      'en',
      null,
      'INV-0042: the courtesy reminder (3 days before the due date, 3 Mar 2026) was not sent: the due date has passed; no later step follows.',
    ],
    [
      'fr',
      { label: 'relance amiable', on: '10 mars 2026' },
      "INV-0042 : étape non envoyée : « rappel de courtoisie » (3 jours avant l'échéance du 3 mars 2026), car l'échéance est passée ; prochaine étape : relance amiable le 10 mars 2026.",
    ],
    [
      'fr',
      null,
      "INV-0042 : étape non envoyée : « rappel de courtoisie » (3 jours avant l'échéance du 3 mars 2026), car l'échéance est passée ; aucune autre étape ne suit.",
    ],
  ] as const)('in %s, next step %j', (l, next, text) => {
    const courtesy = { template: 'courtesy', channel: 'email' } as const;
    expect(PHRASES[l].pastDue('INV-0042', describeStep(courtesy, l), describeOffset(-3, l), formatDay(day('2026-03-03'), l), next)).toBe(
      text,
    );
  });
});
