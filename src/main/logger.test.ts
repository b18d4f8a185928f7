import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ledgers } from '../../connectors/index.ts';
import { createLogger } from './logger.ts';

describe('the logger', () => {
  it("redacts every registered ledger's webhook signature header, and tokens, wherever a request is logged", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    for (const d of ledgers) {
      const header = d.config.webhook.signatureHeader.toLowerCase();
      log.info({ req: { headers: { [header]: 'c2lnbmF0dXJl', 'content-type': 'application/json' } }, accessToken: 'at-1' }, 'webhook');
    }
    expect(lines).toHaveLength(ledgers.length);
    for (const line of lines) {
      expect(line).not.toContain('c2lnbmF0dXJl');
      expect(line).not.toContain('at-1');
      expect(line).toContain('application/json');
    }
  });
});
