/**
 * Attacker-controlled text made safe to show and to record: JSON-quoted when a string, control and
 * non-ASCII characters escaped, cut to `max` characters.
 */
export function safeText(value: unknown, max = 64): string {
  if (typeof value !== 'string') return value === undefined ? '(absent)' : `(a ${value === null ? 'null' : typeof value})`;
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
