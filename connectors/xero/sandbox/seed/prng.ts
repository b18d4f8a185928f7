// one seeded PRNG for every sandbox: connectors/shared/sandbox/prng.ts
export * from '../../../shared/sandbox/prng.ts';
