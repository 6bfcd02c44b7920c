// What a test says it expects to see or hear: a piece of text (contained, case-insensitive, as a person skims a
// message) or a regular expression (whose groups the test gets back, e.g. the digits of a one-time code).
export type Matcher = string | RegExp;

export interface MatchResult {
  /** The whole match, then the expression's groups; for text, just the text. */
  groups: string[];
}

export function matches(matcher: Matcher | undefined, text: string): MatchResult | undefined {
  if (matcher === undefined) return { groups: [text] };
  if (typeof matcher === 'string') return text.toLowerCase().includes(matcher.toLowerCase()) ? { groups: [matcher] } : undefined;
  // A /g or /y expression remembers lastIndex between calls; a copy without them matches the same way each time.
  const found = new RegExp(matcher.source, matcher.flags.replace(/[gy]/g, '')).exec(text);
  return found ? { groups: [...found].map((g) => g ?? '') } : undefined;
}

export const describeMatcher = (matcher: Matcher | undefined): string =>
  matcher === undefined ? 'anything' : typeof matcher === 'string' ? JSON.stringify(matcher) : String(matcher);
