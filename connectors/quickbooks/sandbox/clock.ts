// one movable clock for every sandbox: connectors/shared/sandbox/clock.ts
export * from '../../shared/sandbox/clock.ts';
