// An account in Twilio's JSON.
import type { AccountState } from '../../kernel/accounts.js';
import { rfc2822 } from '../../wire/format.js';

const SUBRESOURCES = [
  'addresses',
  'conferences',
  'signing_keys',
  'transcriptions',
  'connect_apps',
  'sip',
  'authorized_connect_apps',
  'usage',
  'keys',
  'applications',
  'recordings',
  'short_codes',
  'calls',
  'notifications',
  'incoming_phone_numbers',
  'queues',
  'messages',
  'outgoing_caller_ids',
  'available_phone_numbers',
  'balance',
];

const camel = (name: string) =>
  name
    .split('_')
    .map((part) => (part === 'sip' ? 'SIP' : part[0]!.toUpperCase() + part.slice(1)))
    .join('');

export function serializeAccount(state: AccountState) {
  const a = state.account;
  const base = `/2010-04-01/Accounts/${a.sid}`;
  return {
    auth_token: a.authToken,
    date_created: rfc2822(a.dateCreated),
    date_updated: rfc2822(a.dateUpdated),
    friendly_name: a.friendlyName,
    owner_account_sid: a.ownerSid,
    sid: a.sid,
    status: a.status,
    subresource_uris: Object.fromEntries(SUBRESOURCES.map((name) => [name, `${base}/${camel(name)}.json`])),
    type: 'Full',
    uri: `${base}.json`,
  };
}
