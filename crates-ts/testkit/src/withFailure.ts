/**
 * Fault injection by wrapping the real thing (STYLE-EXAMPLES item 12): every method not in
 * `overrides` delegates to `real`, so tests keep real parts and still reach failure branches.
 *
 * @example
 * const refs = withFailure(repo.refs, { compareAndSwap: async () => { throw casError } });
 */
export function withFailure<T extends object>(real: T, overrides: Partial<T>): T {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return (overrides as Record<PropertyKey, unknown>)[prop];
      const value: unknown = Reflect.get(target, prop, receiver);
      // Bind so private fields and `this` keep referring to the real object.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
