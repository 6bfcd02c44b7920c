// What makes a new outbound message acceptable, in the order Twilio checks: missing parameters, then number
// checks (magic test numbers first), then account rules (ownership, opt-out, scheduling, queue limits). Pure apart
// from reading the account and the sender queues.
import { TwilioError, badRequest } from '../../kernel/errors.js';
import { optOutKey } from './opt-out.js';
import { isLandline } from '../../kernel/phone.js';
import { ownedFrom, readTo } from './addresses.js';
import { fromNotSmsCapable, invalidFrom, invalidTo } from './error-messages.js';
import { MAGIC_OK_FROM, MAGIC_SMS_FROM, MAGIC_SMS_TO } from './magic-numbers.js';
import type { MessageBox } from './store.js';
import { senderKey, type SenderQueues } from './sender-queue.js';
import type { AccountState } from '../../kernel/accounts.js';

export interface CreateMessageInput {
  to?: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  mediaUrls?: string[];
  statusCallback?: string;
  validityPeriodS?: number;
  /** Epoch ms; requires a Messaging Service and scheduleType 'fixed'. */
  sendAt?: number;
  scheduleType?: string;
}

/** A message that passed every check, numbers in E.164. */
export interface MessageDraft {
  to: string;
  from: string;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  validityPeriodS: number;
  sendAt: number | null;
}

export interface ValidationContext {
  now: number;
  queues: SenderQueues;
}

export const MAX_BODY_LENGTH = 1600;
const MAX_MEDIA = 10;
const DEFAULT_VALIDITY_S = 36_000;
const SCHEDULE_MIN_MS = 15 * 60 * 1000;
const SCHEDULE_MAX_MS = 35 * 24 * 60 * 60 * 1000;

export function validateNewMessage(
  account: AccountState,
  box: MessageBox,
  input: CreateMessageInput,
  context: ValidationContext,
): MessageDraft {
  if (!input.to) throw badRequest(21604, "A 'To' phone number is required.");
  if (!input.from && !input.messagingServiceSid) throw badRequest(21603, "A 'From' phone number is required.");
  const mediaUrls = input.mediaUrls ?? [];
  const body = input.body ?? '';
  if (body === '' && mediaUrls.length === 0) throw badRequest(21602, 'Message body is required.');
  if (mediaUrls.length > MAX_MEDIA) throw badRequest(21623, `Too many media URLs: at most ${MAX_MEDIA} per message.`);
  const badMedia = mediaUrls.find((url) => !/^https?:\/\/[^\s/]+\S*$/i.test(url));
  if (badMedia !== undefined) throw badRequest(21620, `Invalid media URL(s): '${badMedia}'`);
  if (body.length > MAX_BODY_LENGTH) {
    throw badRequest(21617, `The concatenated message body exceeds the ${MAX_BODY_LENGTH} character limit.`);
  }

  const magicTo = MAGIC_SMS_TO.get(input.to);
  const magicFrom = input.from ? MAGIC_SMS_FROM.get(input.from) : undefined;
  if (magicFrom) throw new TwilioError(magicFrom.code, magicFrom.httpStatus, magicFrom.message);
  if (magicTo) throw new TwilioError(magicTo.code, magicTo.httpStatus, magicTo.message);

  // Twilio checks the sender first: a From it cannot read is 21212 even when the To is bad too.
  let from: string | null = null;
  let service: string | null = null;
  if (input.messagingServiceSid) {
    if (!/^MG[0-9a-fA-F]{32}$/.test(input.messagingServiceSid)) {
      throw badRequest(21705, `The Messaging Service Sid ${input.messagingServiceSid} is invalid.`);
    }
    const found = account.messagingServices.get(input.messagingServiceSid);
    if (!found) throw badRequest(21701, `The Messaging Service ${input.messagingServiceSid} does not exist.`);
    service = found.sid;
    from = input.from === undefined ? (found.senders[0] ?? null) : ownedFrom(account, input.from);
    if (!from) throw badRequest(21703, `Messaging Service ${found.sid} has no phone numbers in its sender pool`);
  } else {
    from = ownedFrom(account, input.from!);
    if (!from) {
      throw badRequest(21212, invalidFrom(input.from!));
    }
  }

  const to = readTo(input.to, from);
  // Possible is not enough: +91700004379 has the right shape but no Indian range holds it (21211 at Twilio).
  if (!to?.valid) throw badRequest(21211, invalidTo(input.to));

  if (from !== MAGIC_OK_FROM) {
    const owned = account.numberByPhone(from);
    if (!owned?.capabilities.sms) {
      throw badRequest(21606, fromNotSmsCapable(from));
    }
  }
  if (isLandline(to)) throw badRequest(21614, `'To' number ${to.e164} is not a valid mobile number`);
  if (box.optOuts.has(optOutKey(from, to.e164))) throw badRequest(21610, 'Attempt to send to unsubscribed recipient');

  const validityPeriodS = input.validityPeriodS ?? DEFAULT_VALIDITY_S;
  let sendAt: number | null = null;
  if (input.sendAt !== undefined || input.scheduleType !== undefined) {
    if (!service) throw badRequest(35118, 'MessagingServiceSid is required to schedule a message.');
    if (input.scheduleType !== 'fixed') throw badRequest(35126, "ScheduleType must be 'fixed' to schedule a message.");
    if (input.sendAt === undefined) throw badRequest(35111, 'SendAt timestamp is missing.');
    const ahead = input.sendAt - context.now;
    if (ahead < SCHEDULE_MIN_MS || ahead > SCHEDULE_MAX_MS) {
      throw badRequest(35114, 'SendAt must be between 15 minutes and 35 days in the future.');
    }
    sendAt = input.sendAt;
  }
  // Only plain long-code sends are refused up front; a Messaging Service queues and later fails with 30001.
  if (!service && context.queues.wouldOverflow(senderKey(account.account.sid, from))) {
    throw badRequest(21611, `This 'From' number (${from}) has exceeded the maximum number of queued messages.`);
  }
  return {
    to: to.e164,
    from,
    messagingServiceSid: service,
    body,
    mediaUrls,
    statusCallback: input.statusCallback ?? null,
    validityPeriodS,
    sendAt,
  };
}
