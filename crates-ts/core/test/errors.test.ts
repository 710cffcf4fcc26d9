import { describe, it, expect } from 'vitest';
import { GatosError, isGatosError } from '../src/errors.js';

describe('GatosError', () => {
  it('carries a code, data and an exit class, and serialises without the stack', () => {
    const err = new GatosError('REF_CAS_MISMATCH', 'ref moved', { data: { ref: 'refs/x' }, exitClass: 'check' });
    expect(err.toJSON()).toEqual({ code: 'REF_CAS_MISMATCH', message: 'ref moved', data: { ref: 'refs/x' } });
    expect(err.exitClass).toBe('check');
    expect(isGatosError(err, 'REF_CAS_MISMATCH')).toBe(true);
    expect(isGatosError(err, 'OTHER')).toBe(false);
    expect(isGatosError(new Error('x'))).toBe(false);
  });
});
