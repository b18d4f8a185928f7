/**
 * Runs the test suite again under libfaketime (Debian's `faketime`) at other dates, to prove it passes on any day:
 * a month, six months and a year ahead, and across the next daylight-saving change in Europe and in the US (the run
 * starts a minute before the change, in that zone, so the change happens while tests run).
 *
 *   node scripts/test-on-other-dates.ts                 every shift
 *   node scripts/test-on-other-dates.ts +30d eu-dst     some of them
 *   node scripts/test-on-other-dates.ts --list          what each shift means today
 *
 * Extra vitest arguments go after `--` (for example `-- src/core`). Exit code: the first failing run's, else 0.
 */
import { spawnSync } from 'node:child_process';

type Shift = { name: string; faketime: string; tz?: string; why: string };

const DAY = 86_400_000;

/** The n-th Sunday of a month (n < 0 counts from the end), at `hourUtc`. */
function sunday(year: number, month: number, n: number, hourUtc: number): Date {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month, 1, hourUtc));
    return new Date(first.getTime() + (((7 - first.getUTCDay()) % 7) + 7 * (n - 1)) * DAY);
  }
  const last = new Date(Date.UTC(year, month + 1, 0, hourUtc));
  return new Date(last.getTime() - last.getUTCDay() * DAY);
}

/** The next change after `now` among the yearly candidates. */
function nextChange(now: Date, candidates: (year: number) => Date[]): Date {
  const year = now.getUTCFullYear();
  return [...candidates(year), ...candidates(year + 1)].filter((d) => d > now).sort((a, b) => +a - +b)[0]!;
}

// EU: last Sunday of March and of October at 01:00 UTC. US: second Sunday of March at 2:00 EST (07:00 UTC), first
// Sunday of November at 2:00 EDT (06:00 UTC).
const euChange = (y: number) => [sunday(y, 2, -1, 1), sunday(y, 9, -1, 1)];
const usChange = (y: number) => [sunday(y, 2, 2, 7), sunday(y, 10, 1, 6)];

/** faketime's absolute form starts the clock there and lets it run. */
const startAt = (d: Date) => `@${new Date(d.getTime() - 60_000).toISOString().slice(0, 19).replace('T', ' ')}`;

export function shifts(now: Date): Shift[] {
  const eu = nextChange(now, euChange);
  const us = nextChange(now, usChange);
  return [
    { name: '+30d', faketime: '+30d', why: 'a month ahead' },
    { name: '+182d', faketime: '+182d', why: 'six months ahead' },
    { name: '+365d', faketime: '+365d', why: 'a year ahead' },
    { name: 'eu-dst', faketime: startAt(eu), tz: 'Europe/Paris', why: `across the EU change at ${eu.toISOString()}` },
    { name: 'us-dst', faketime: startAt(us), tz: 'America/New_York', why: `across the US change at ${us.toISOString()}` },
  ];
}

function main(argv: string[]): number {
  const dash = argv.indexOf('--');
  const names = (dash < 0 ? argv : argv.slice(0, dash)).filter((a) => a !== '--list');
  const vitestArgs = dash < 0 ? [] : argv.slice(dash + 1);
  const all = shifts(new Date());
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) {
    console.error(`test-on-other-dates: unknown shift ${unknown.join(', ')}; choose among ${all.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length ? all.filter((s) => names.includes(s.name)) : all;
  if (argv.includes('--list')) {
    for (const s of chosen) console.log(`${s.name.padEnd(7)} faketime ${s.faketime.padEnd(22)} ${(s.tz ?? 'UTC').padEnd(16)} ${s.why}`);
    return 0;
  }
  if (spawnSync('faketime', ['--version'], { stdio: 'ignore' }).error) {
    console.error('test-on-other-dates: `faketime` is missing (Debian package faketime); .ci/run installs it');
    return 2;
  }
  let failed = 0;
  for (const s of chosen) {
    console.log(`\n== tests ${s.why} (faketime ${s.faketime}, TZ=${s.tz ?? 'UTC'}) ==`);
    const started = Date.now();
    const run = spawnSync('faketime', ['-f', s.faketime, 'npx', 'vitest', 'run', ...vitestArgs], {
      stdio: 'inherit',
      // the monotonic clock stays real: timers and timeouts must not jump; only the calendar moves
      env: { ...process.env, TZ: s.tz ?? 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    });
    const status = run.status ?? 1;
    console.log(
      `== ${s.name}: ${status === 0 ? 'passed' : `FAILED (exit ${status})`} in ${Math.round((Date.now() - started) / 1000)} s ==`,
    );
    if (status !== 0 && !failed) failed = status;
  }
  return failed;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
