// A call in Twilio's JSON: snake_case, RFC 2822 dates, string duration/price/queue_time, its URIs.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { priceString, rfc2822, rfc2822OrNull } from '../../wire/format.js';
import type { Call } from './types.js';

const API_VERSION = '2010-04-01';
export const callListPath = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}/Calls.json`;
const itemPath = (c: Call) => `/${API_VERSION}/Accounts/${c.accountSid}/Calls/${c.sid}`;

/** As Twilio shows a number in to_formatted/from_formatted: the national format of its country. */
function formatted(number: string): string {
  return parsePhoneNumberFromString(number)?.formatNational() ?? number;
}

const SUBRESOURCES: Record<string, string> = {
  feedback: 'Feedback',
  user_defined_messages: 'UserDefinedMessages',
  notifications: 'Notifications',
  recordings: 'Recordings',
  streams: 'Streams',
  payments: 'Payments',
  user_defined_message_subscriptions: 'UserDefinedMessageSubscriptions',
  siprec: 'Siprec',
  events: 'Events',
  transcriptions: 'Transcriptions',
};

export function serializeCall(c: Call) {
  const base = itemPath(c);
  return {
    account_sid: c.accountSid,
    answered_by: c.answeredBy,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    direction: c.direction,
    duration: c.durationS === null ? null : String(c.durationS),
    end_time: rfc2822OrNull(c.endTime),
    forwarded_from: null,
    from: c.from,
    from_formatted: formatted(c.from),
    group_sid: null,
    parent_call_sid: c.parentCallSid,
    phone_number_sid: c.phoneNumberSid,
    price: priceString(c.price),
    price_unit: c.priceUnit,
    queue_time: String(c.queueTimeMs),
    sid: c.sid,
    start_time: rfc2822OrNull(c.startTime),
    status: c.status,
    subresource_uris: Object.fromEntries(Object.entries(SUBRESOURCES).map(([key, name]) => [key, `${base}/${name}.json`])),
    to: c.to,
    to_formatted: formatted(c.to),
    trunk_sid: null,
    uri: `${base}.json`,
  };
}
