import { expect, it } from 'vitest';
import * as echo from '../src/index.js';

it('exposes only the intended API', () => {
  expect(Object.keys(echo).sort()).toEqual(
    ['DEFAULT_FOLD_LIMITS', 'LINT_RULES', 'QUICKJS_VARIANT_VERSION', 'echoError', 'engineId', 'lintFold', 'prepareFold', 'runFold', 'runFoldReference', 'wasmSha256'].sort(),
  );
});
