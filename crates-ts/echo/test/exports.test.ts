import { expect, it } from 'vitest';
import * as echo from '../src/index.js';

it('exposes only the intended API', () => {
  expect(Object.keys(echo).sort()).toEqual(
    [
      // sandbox
      'DEFAULT_FOLD_LIMITS', 'LINT_RULES', 'QUICKJS_VARIANT_VERSION', 'echoError', 'engineId', 'lintFold', 'prepareFold', 'runFold', 'runFoldReference', 'wasmSha256',
      // policy predicates
      'runPredicate', 'lintPredicate',
      // fold declarations and artefacts
      'parseFoldSpec', 'compileFold', 'decodeCompiledFold', 'FOLD_ABI', 'compileFoldFile', 'findFold',
      // checkpoints and Proof-of-Fold
      'STATE_PREFIX', 'stateName', 'stateRef', 'ledgerHeadDigest', 'sortHeads', 'compareFoldKeys', 'foldKey', 'readWindowEvents',
      'encodePof', 'decodePof', 'pofDigest', 'buildCheckpoint', 'loadCheckpoint', 'stateFilePath', 'FOLD_MATH', 'currentHeads',
      'foldCheckpoint', 'previewFold', 'reconcileCheckpoints', 'verifyCheckpoint', 'POF_NOTES_REF', 'signPof', 'addPofSignature', 'readPofSignatures', 'pofSignatureValid',
      // bisect
      'bisectState', 'parseBisectPoint', 'resolvePoint', 'jsStatePredicate', 'commandStatePredicate',
    ].sort(),
  );
});
