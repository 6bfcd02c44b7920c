// A message in Twilio's JSON: snake_case, RFC 2822 dates, string counts and prices, its URIs.
import { priceString, rfc2822, rfc2822OrNull } from '../../wire/format.js';
import type { MediaItem, Message } from './types.js';

const API_VERSION = '2010-04-01';
export const messageListPath = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}/Messages.json`;
const itemPath = (m: Message) => `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}`;

/** Before a Messaging Service has picked the sender, Twilio shows no sender, no segments and no price unit yet. */
const SENDER_PENDING: ReadonlySet<Message['status']> = new Set(['accepted', 'scheduled']);

export function serializeMessage(m: Message) {
  const pending = SENDER_PENDING.has(m.status);
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822OrNull(m.dateSent),
    date_updated: rfc2822(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: pending ? null : m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: String(m.media.length),
    num_segments: pending ? '0' : String(m.numSegments),
    price: priceString(m.price),
    price_unit: pending ? null : m.priceUnit,
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${itemPath(m)}/Media.json` },
    to: m.to,
    uri: `${itemPath(m)}.json`,
  };
}

export function serializeMedia(message: Message, item: MediaItem) {
  return {
    account_sid: message.accountSid,
    content_type: item.contentType,
    date_created: rfc2822(item.dateCreated),
    date_updated: rfc2822(item.dateCreated),
    parent_sid: message.sid,
    sid: item.sid,
    uri: `${itemPath(message)}/Media/${item.sid}.json`,
  };
}

export const mediaListPath = (m: Message) => `${itemPath(m)}/Media.json`;
