import { describe, expect, it } from 'vitest';
import { createKeyedLimiter } from './limiter.ts';

describe('createKeyedLimiter', () => {
  it('runs at most N tasks per key at once, in arrival order, and keys do not block each other', async () => {
    const limiter = createKeyedLimiter(5);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      order.push(i);
      running--;
      return i;
    };
    let otherRan = false;
    const all = Array.from({ length: 23 }, (_, i) => limiter.run('tenant-a', task(i)));
    await limiter.run('tenant-b', async () => {
      otherRan = limiter.active('tenant-a') === 5;
    });
    expect(await Promise.all(all)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(peak).toBe(5);
    expect(otherRan).toBe(true);
    expect(limiter.active('tenant-a')).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = createKeyedLimiter(1);
    await expect(limiter.run('t', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run('t', async () => 'next')).toBe('next');
  });
});
