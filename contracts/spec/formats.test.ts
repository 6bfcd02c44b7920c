import { describe, expect, it } from 'vitest';
import { isRfc2822Date, twilioFormats } from './formats.js';

const check = (name: string, value: string) => {
  const f = twilioFormats[name]!;
  return f instanceof RegExp ? f.test(value) : f(value);
};

describe('Twilio formats', () => {
  it('accepts RFC 2822 dates as Twilio writes them', () => {
    expect(isRfc2822Date('Thu, 01 Jan 2026 00:00:00 +0000')).toBe(true);
    expect(isRfc2822Date('Tue, 24 Nov 2026 10:00:00 +0000')).toBe(true);
  });

  it('rejects ISO dates, single-digit days, a wrong weekday and impossible dates', () => {
    expect(isRfc2822Date('2026-01-01T00:00:00Z')).toBe(false);
    expect(isRfc2822Date('Thu, 1 Jan 2026 00:00:00 +0000')).toBe(false);
    expect(isRfc2822Date('Fri, 01 Jan 2026 00:00:00 +0000')).toBe(false);
    expect(isRfc2822Date('Sat, 31 Feb 2026 00:00:00 +0000')).toBe(false);
    expect(isRfc2822Date('Thu, 01 Jan 2026 24:00:00 +0000')).toBe(false);
  });

  it('knows E.164 (with channel prefixes), currencies, HTTP methods and relative URIs', () => {
    expect(check('phone-number', '+61491570156')).toBe(true);
    expect(check('phone-number', 'whatsapp:+61491570156')).toBe(true);
    expect(check('phone-number', '0491570156')).toBe(false);
    expect(check('currency', 'AUD')).toBe(true);
    expect(check('currency', 'aud')).toBe(false);
    expect(check('http-method', 'POST')).toBe(true);
    expect(check('http-method', 'post')).toBe(false);
    expect(check('relative-uri', '/2010-04-01/Accounts/AC1/Messages.json?Page=1')).toBe(true);
    expect(check('relative-uri', 'https://api.twilio.com/2010-04-01')).toBe(false);
    expect(check('uri-or-empty', '')).toBe(true);
    expect(check('uri-or-empty', 'https://example.com/sms')).toBe(true);
    expect(check('uri-or-empty', 'not a url')).toBe(false);
  });
});
