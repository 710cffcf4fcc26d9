import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a built gate module. Resolved via `../dist/` so that it points at the same file
 * whether this code runs from `dist/` (production) or from `src/` (tests): processes the gate starts
 * (the hook, the audit writer) always run built JavaScript.
 */
export function distPath(file: string): string {
  return fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
}
