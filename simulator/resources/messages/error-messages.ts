// Error messages worded as the newest real recordings word them (../shared/real-recordings, issue 12 §2).

/** Since 2023 Twilio masks the last four digits of a refused To: +91700004379 → +9170000XXXX. */
const masked = (number: string) => (number.length > 4 ? `${number.slice(0, -4)}XXXX` : number);

export const invalidTo = (to: string) => `The 'To' number ${masked(to)} is not a valid phone number`;
export const invalidFrom = (from: string) => `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`;
export const fromNotSmsCapable = (from: string) =>
  `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`;
