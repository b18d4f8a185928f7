/**
 * Cached render vs a full MJML compile per message, side by side in one process (one core):
 *   node bench/render.ts [seconds per side, default 3]
 * Both sides do the same work per message except MJML: build the view, substitute, escape. The cached side compiles each
 * (template, tone, locale, branding) once; the other is a renderer whose cache holds nothing.
 */
import { cpus, loadavg } from 'node:os';
import { addDays, calendarDate } from '../src/core/calendar.ts';
import { money, type Money } from '../src/core/money.ts';
import { TEMPLATES, TONES } from '../src/core/policy.ts';
import { createRenderer, type ReminderEmailModel } from '../src/mail/render.ts';
import { sampleReminderModel } from '../src/mail/sample.ts';

const seconds = Number(process.argv[2] ?? 3);
const combos = TEMPLATES.flatMap((template) => TONES.flatMap((tone) => ['en', 'fr'].map((locale) => ({ template, tone, locale }))));
// 1,200 different messages (names, amounts, dates, 1-3 invoices) over the 30 combinations: the cached side reuses
// compiled templates, never a formatted message.
const models: ReminderEmailModel[] = Array.from({ length: 1200 }, (_, i) => {
  const m = sampleReminderModel({
    ...combos[i % combos.length]!,
    invoiceCount: 1 + (i % 3),
    customerName: `Client n°${i} <SARL>`,
    today: addDays(calendarDate('2026-01-01'), i % 90),
  });
  const bump = (x: Money) => money(x.minor + i * 7, x.currency);
  return {
    ...m,
    totalDue: bump(m.totalDue),
    invoices: m.invoices.map((inv) => ({ ...inv, amountDue: bump(inv.amountDue), total: bump(inv.total) })),
  };
});

async function run(label: string, renderer: ReturnType<typeof createRenderer>): Promise<number> {
  for (const m of models.slice(0, 60)) await renderer.render(m); // warm-up: fill the cache, let the JIT settle
  let n = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) {
      const out = await renderer.render(models[n % models.length]!);
      bytes += out.html.length + out.text.length;
      n++;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  // On a shared machine the wall clock counts other people's work: the CPU time this process got is the fair figure.
  const rate = n / cpuSeconds;
  console.log(
    `${label.padEnd(30)} ${String(n).padStart(7)} msgs  wall ${(n / elapsed).toFixed(0).padStart(6)} msg/s  cpu ${rate.toFixed(0).padStart(6)} msg/s` +
      `  (${((cpuSeconds / n) * 1e6).toFixed(0)} µs cpu/msg, ${(bytes / n / 1024).toFixed(1)} KB html+text)`,
  );
  return rate;
}

console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${models.length} messages over ${combos.length} (template, tone, locale), ${seconds} s per side\n`,
);
const cached = await run('cached (compile once)', createRenderer());
const full = await run('full MJML compile per message', createRenderer({ cacheSize: 0 }));
console.log(
  `\nratio (cpu): cached is ${(cached / full).toFixed(0)}× faster; goal ≥ 10,000 msg/s cached: ${cached >= 10_000 ? 'met' : 'NOT met'}`,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
