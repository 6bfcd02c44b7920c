// An owned number in Twilio's JSON (IncomingPhoneNumber).
import type { OwnedNumber } from '../../kernel/types.js';
import { rfc2822 } from '../../wire/format.js';

const itemPath = (n: OwnedNumber) => `/2010-04-01/Accounts/${n.accountSid}/IncomingPhoneNumbers/${n.sid}`;

export function serializeNumber(n: OwnedNumber) {
  return {
    account_sid: n.accountSid,
    address_sid: null,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: n.capabilities.voice, sms: n.capabilities.sms, mms: n.capabilities.mms, fax: n.capabilities.fax },
    date_created: rfc2822(n.dateCreated),
    date_updated: rfc2822(n.dateUpdated),
    friendly_name: n.friendlyName,
    identity_sid: null,
    phone_number: n.phoneNumber,
    origin: 'twilio',
    sid: n.sid,
    // As real Twilio answers an unset one (incoming-phone-numbers-create-201-1..4): "" for SMS, null for voice.
    sms_application_sid: '',
    sms_fallback_method: n.smsFallbackMethod,
    sms_fallback_url: n.smsFallbackUrl ?? '',
    sms_method: n.smsMethod,
    sms_url: n.smsUrl ?? '',
    status_callback: n.statusCallback ?? '',
    status_callback_method: n.statusCallbackMethod,
    trunk_sid: null,
    uri: `${itemPath(n)}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: null,
    voice_caller_id_lookup: n.voiceCallerIdLookup,
    voice_fallback_method: n.voiceFallbackMethod,
    voice_fallback_url: n.voiceFallbackUrl,
    voice_method: n.voiceMethod,
    voice_url: n.voiceUrl,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
  };
}
