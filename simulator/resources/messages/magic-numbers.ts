// Twilio's magic test numbers for SMS, reproduced exactly (see ../shared/reference/twilio-behaviour.md).
import { fromNotSmsCapable, invalidFrom, invalidTo } from './error-messages.js';

export interface MagicRejection {
  code: number;
  httpStatus: number;
  message: string;
}

const reject = (code: number, message: string): MagicRejection => ({ code, httpStatus: 400, message });

/** Test-credential From numbers for SMS. +15005550006 passes every check. */
export const MAGIC_SMS_FROM: ReadonlyMap<string, MagicRejection> = new Map([
  ['+15005550001', reject(21212, invalidFrom('+15005550001'))],
  ['+15005550007', reject(21606, fromNotSmsCapable('+15005550007'))],
  ['+15005550008', reject(21611, "This 'From' number (+15005550008) has exceeded the maximum number of queued messages.")],
]);

export const MAGIC_SMS_TO: ReadonlyMap<string, MagicRejection> = new Map([
  ['+15005550001', reject(21211, invalidTo('+15005550001'))],
  ['+15005550002', reject(21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS.")],
  [
    '+15005550003',
    reject(21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."),
  ],
  ['+15005550004', reject(21610, 'Attempt to send to unsubscribed recipient')],
  ['+15005550009', reject(21614, "'To' number +15005550009 is not a valid mobile number")],
]);

/** The magic sender passes ownership checks, as it does with Twilio's test credentials. */
export const MAGIC_OK_FROM = '+15005550006';
