// What happens to a message once a sender has taken it, per recipient: the 'sms' kind of script in the kernel's
// scenario book. The default is a prompt `delivered`.
import { badRequest } from '../../kernel/errors.js';
import type { ScenarioBook } from '../../kernel/scenarios.js';

export type DeliveryOutcome = 'delivered' | 'undelivered' | 'failed' | 'slow' | 'never';
export const DELIVERY_OUTCOMES: readonly DeliveryOutcome[] = ['delivered', 'undelivered', 'failed', 'slow', 'never'];

export interface SmsScenario {
  outcome: DeliveryOutcome;
  errorCode: number | null;
  /** For `slow`: how long the carrier takes to confirm delivery. */
  delayMs: number | null;
}

export const SMS = 'sms';
const DEFAULT_ERROR: Partial<Record<DeliveryOutcome, number>> = { undelivered: 30003, failed: 30008 };
const PROMPT: SmsScenario = { outcome: 'delivered', errorCode: null, delayMs: null };
export const MAX_DELAY_MS = 400 * 24 * 60 * 60 * 1000;

export function smsScenario(input: { outcome: DeliveryOutcome; errorCode?: number; delayMs?: number }): SmsScenario {
  if (!DELIVERY_OUTCOMES.includes(input.outcome)) {
    throw badRequest(20001, `'outcome' must be one of ${DELIVERY_OUTCOMES.join(', ')}`);
  }
  if (input.delayMs !== undefined && !(input.delayMs >= 0 && input.delayMs <= MAX_DELAY_MS)) {
    throw badRequest(20001, `delayMs must be between 0 and ${MAX_DELAY_MS} ms (400 days)`);
  }
  if (input.errorCode !== undefined && !Number.isInteger(input.errorCode)) throw badRequest(20001, "'errorCode' must be an integer");
  return { outcome: input.outcome, errorCode: input.errorCode ?? DEFAULT_ERROR[input.outcome] ?? null, delayMs: input.delayMs ?? null };
}

export const smsScenarioFor = (book: ScenarioBook, accountSid: string, to: string): SmsScenario =>
  book.get<SmsScenario>(accountSid, SMS, to) ?? PROMPT;
