import net from 'node:net';

/**
 * Real Redis and PostgreSQL for the tests that need them. Where one is unreachable the test skips with one line saying
 * why, so `npm test` passes on a bare machine; CI sets RELANCE_REQUIRE_SERVICES=1 and a missing service fails instead.
 */
export const POSTGRES_URL =
  process.env.RELANCE_TEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.RELANCE_TEST_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const required = process.env.RELANCE_REQUIRE_SERVICES === '1';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

async function availability(name: string, url: string): Promise<boolean> {
  if (await reachable(url)) return true;
  const message = `${name} is unreachable at ${url}: its tests skip (start it, or set RELANCE_REQUIRE_SERVICES=1 to make this a failure)`;
  if (required) throw new Error(message.replace('its tests skip', 'RELANCE_REQUIRE_SERVICES=1 forbids skipping'));
  console.warn(message);
  return false;
}

export const postgresAvailable = await availability('PostgreSQL', POSTGRES_URL);
export const redisAvailable = await availability('Redis', REDIS_URL);
