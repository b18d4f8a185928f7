/**
 * Renders a firm reminder in English and a formal notice in French, and screenshots them in Debian's chromium:
 *   node scripts/screenshots.ts        → docs/screenshots/reminder-en.png, docs/screenshots/formal-notice-fr.png
 * CHROMIUM=/path/to/chromium to use another browser binary.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createRenderer } from '../src/mail/render.ts';
import { sampleReminderModel } from '../src/mail/sample.ts';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

const renderer = createRenderer();
const shots = [
  { file: 'reminder-en.png', model: sampleReminderModel({ template: 'firm', tone: 'neutral', locale: 'en' }) },
  { file: 'formal-notice-fr.png', model: sampleReminderModel({ template: 'formal-notice', tone: 'firm', locale: 'fr' }) },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 720, height: 900 } });
  for (const shot of shots) {
    const { html, subject } = await renderer.render(shot.model);
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: `${out}${shot.file}`, fullPage: true });
    console.log(`${shot.file}: "${subject}"`);
  }
} finally {
  await browser.close();
}
