/**
 * Why `name` cannot be one git ref component (git check-ref-format), or null when it can.
 * The callers' own patterns already exclude `:~^?*[\`, spaces and `/`.
 */
export function refComponentProblem(name: string): string | null {
  if (name.startsWith('.')) return 'starts with "."';
  if (name.endsWith('.')) return 'ends with "."';
  if (name.endsWith('.lock')) return 'ends with ".lock"';
  if (name.includes('..')) return 'contains ".."';
  return null;
}
