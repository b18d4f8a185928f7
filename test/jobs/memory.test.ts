import { memoryQueue } from '../../src/jobs/memory.ts';
import { queueContract } from './contract.ts';

queueContract('memory', { make: (options) => memoryQueue(options) });
