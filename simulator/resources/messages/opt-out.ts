// Twilio's default opt-out handling for long codes: single-keyword bodies, case-insensitive, trimmed.
export type KeywordKind = 'stop' | 'start' | 'help';

const KEYWORDS: ReadonlyMap<string, KeywordKind> = new Map([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((k) => [k, 'stop'] as const),
  ...['START', 'YES', 'UNSTOP'].map((k) => [k, 'start'] as const),
  ...['HELP', 'INFO'].map((k) => [k, 'help'] as const),
]);

export function keywordOf(body: string): KeywordKind | null {
  return KEYWORDS.get(body.trim().toUpperCase()) ?? null;
}

// Our own wording; Twilio's real replies differ per account settings anyway.
export const KEYWORD_REPLIES: Record<KeywordKind, string> = {
  stop: 'You are unsubscribed and will receive no further messages from this number. Reply START to opt back in.',
  start: 'You are subscribed again and may receive messages from this number. Reply STOP to unsubscribe.',
  help: 'Reply STOP to unsubscribe, START to subscribe again. Msg & data rates may apply.',
};

export const optOutKey = (ourNumber: string, person: string) => `${ourNumber}|${person}`;
