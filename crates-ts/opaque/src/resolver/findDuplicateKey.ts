/**
 * The first object key that appears twice in one JSON object of `text`, or null. `JSON.parse` keeps
 * the last duplicate silently, so a reviewer reading the first one would be misled about the rule in
 * force. Call only on text `JSON.parse` accepted: this scanner assumes well-formed JSON.
 */
export function findDuplicateKey(text: string): string | null {
  const stack: Array<Set<string> | null> = []; // a key set per open object; null for arrays
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      stack.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] != null;
    } else if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const keys = stack[stack.length - 1]!;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return null;
}
