/**
 * Makes attacker-influenced text (reasons quoting pushed commits, pusher names) safe to print on a
 * `remote:` line and to store as JCS: one line, no control characters (no terminal escapes), no lone
 * surrogates, Unicode NFC, at most `max` characters.
 */
export function safeText(text: string, max = 1000): string {
  const clean = text
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .replace(/\p{Surrogate}/gu, '\uFFFD')
    .normalize('NFC');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
