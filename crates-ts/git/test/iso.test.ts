import { openRepository } from '../src/index.js';
import { describeStoreContract } from './storeContract.js';

describeStoreContract('isomorphic-git adapter', (dir) => openRepository(dir, { backend: 'iso' }), 'iso');
