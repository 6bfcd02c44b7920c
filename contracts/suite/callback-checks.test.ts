import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { loadExpectations } from '../expectations/load-expectations.js';
import type { CapturedWebhook } from '../targets/target.js';
import { checkCallback } from './callback-checks.js';

const TOKEN = '9f3b8d2a6c1e4f7a0b5d8c3e6f9a2b4d';
const URL = 'http://127.0.0.1:5000/status/x';

function hook(params: Record<string, string>, sign = true): CapturedWebhook {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (sign) headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(TOKEN, URL, params);
  return { method: 'POST', url: URL, path: '/status/x', headers, params, receivedAt: 0 };
}

const sid = `SM${'a'.repeat(32)}`;
const delivered = {
  MessageSid: sid,
  SmsSid: sid,
  AccountSid: `AC${'b'.repeat(32)}`,
  From: '+61491570156',
  To: '+61491570110',
  MessageStatus: 'delivered',
  SmsStatus: 'delivered',
  ApiVersion: '2010-04-01',
};
const spec = () => loadExpectations().callbacks.messageStatusCallback;

describe('callback checks', () => {
  it('accept a correct, signed status callback', () => {
    expect(checkCallback(hook(delivered), spec(), TOKEN, 'cb')).toEqual({ diagnostics: [], unknownParams: [], signature: 'valid' });
  });

  it("catch a signature twilio-node's validateRequest rejects, and a missing one", () => {
    const forged = hook(delivered);
    forged.params = { ...forged.params, Body: 'tampered' };
    expect(checkCallback(forged, spec(), TOKEN, 'cb').signature).toBe('invalid');
    expect(checkCallback(hook(delivered, false), spec(), TOKEN, 'cb').signature).toBe('missing');
  });

  it('require ErrorCode on undelivered, and refuse RawDlrDoneDate on sent', () => {
    const undelivered = { ...delivered, MessageStatus: 'undelivered', SmsStatus: 'undelivered' };
    expect(checkCallback(hook(undelivered), spec(), TOKEN, 'cb').diagnostics.map((d) => d.path)).toEqual(['cb/ErrorCode']);
    const sent = { ...delivered, MessageStatus: 'sent', SmsStatus: 'sent', RawDlrDoneDate: '2601011200' };
    expect(checkCallback(hook(sent), spec(), TOKEN, 'cb').diagnostics.map((d) => d.path)).toEqual(['cb/RawDlrDoneDate']);
  });

  it('check SmsStatus mirrors MessageStatus and report unknown parameters as drift, not failure', () => {
    const r = checkCallback(hook({ ...delivered, SmsStatus: 'sent', Extra: '1' }), spec(), TOKEN, 'cb');
    expect(r.diagnostics.map((d) => d.path)).toEqual(['cb/SmsStatus']);
    expect(r.unknownParams).toEqual(['Extra']);
  });
});
