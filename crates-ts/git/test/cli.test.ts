import { openRepository } from '../src/index.js';
import { describeStoreContract } from './storeContract.js';

describeStoreContract('git CLI adapter', (dir) => openRepository(dir, { backend: 'cli' }), 'cli');
