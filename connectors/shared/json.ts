/** JSON.parse that answers `fallback` instead of throwing: vendor bodies and stored cursors may be anything. */
export function parseJson(text: string, fallback: unknown = null): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
