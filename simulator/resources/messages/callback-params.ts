// The form fields Twilio posts to status callbacks and to a number's sms_url, with Twilio's names.
import { phoneFacts } from '../../kernel/phone.js';
import type { Message } from './types.js';

const API_VERSION = '2010-04-01';

/** YYMMDDhhmm, the carrier's delivery-receipt timestamp format Twilio passes through. */
function rawDlrDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-T:]/g, '').slice(2, 12);
}

export function statusCallbackParams(m: Message, now: number): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: m.accountSid,
    ApiVersion: API_VERSION,
    From: m.from ?? '',
    MessageSid: m.sid,
    MessageStatus: m.status,
    SmsSid: m.sid,
    SmsStatus: m.status,
    To: m.to,
  };
  if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
  if (m.errorCode !== null) params.ErrorCode = String(m.errorCode);
  if (m.status === 'delivered' || m.status === 'undelivered') params.RawDlrDoneDate = rawDlrDate(now);
  return params;
}

function geo(prefix: 'From' | 'To', number: string | null): Record<string, string> {
  const country = number ? (phoneFacts(number)?.country ?? '') : '';
  // City/state/zip are only known for North American numbers at Twilio; elsewhere they arrive empty.
  return { [`${prefix}Country`]: country, [`${prefix}City`]: '', [`${prefix}State`]: '', [`${prefix}Zip`]: '' };
}

export function inboundSmsParams(m: Message): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: m.accountSid,
    ApiVersion: API_VERSION,
    Body: m.body,
    From: m.from ?? '',
    MessageSid: m.sid,
    NumMedia: String(m.media.length),
    NumSegments: String(m.numSegments),
    SmsMessageSid: m.sid,
    SmsSid: m.sid,
    SmsStatus: 'received',
    To: m.to,
    ...geo('From', m.from),
    ...geo('To', m.to),
  };
  if (m.messagingServiceSid) params.MessagingServiceSid = m.messagingServiceSid;
  m.media.forEach((item, i) => {
    params[`MediaUrl${i}`] = item.url;
    params[`MediaContentType${i}`] = item.contentType;
  });
  return params;
}
