// When a message talks to the user's app: status callbacks (which statuses, when, with what), the inbound webhook
// to the number's sms_url (with sms_fallback_url), and the replies its TwiML or text/plain answer asks for.
import type { AccountState } from '../../kernel/accounts.js';
import { TwilioError } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/index.js';
import type { WebhookDispatcher } from '../../webhooks/index.js';
import { inboundSmsParams, statusCallbackParams } from './callback-params.js';
import { MESSAGE_LIFECYCLE } from './lifecycle.js';
import type { MessageService } from './model.js';
import { MAX_REPLIES, parseMessagingTwiml, type TwimlReply } from './twiml-reply.js';
import type { Message, MessageStatus } from './types.js';

/** `queued` is reported only when a Messaging Service moved the message there; other statuses as the table says. */
function reportable(status: MessageStatus, previous: MessageStatus): boolean {
  if (status === 'queued') return previous === 'accepted' || previous === 'scheduled';
  return MESSAGE_LIFECYCLE[status].callback;
}

export function deliverMessageWebhooks(kernel: Kernel, messages: MessageService, dispatcher: WebhookDispatcher): void {
  kernel.events.on('message.status', ({ message, previous }) => statusCallback(message, previous));
  kernel.events.on('message.created', ({ message }) => {
    if (message.direction === 'inbound') inboundWebhook(message);
  });

  function statusCallback(message: Message, previous: MessageStatus): void {
    const url = message.statusCallback;
    const account = kernel.accounts.get(message.accountSid);
    if (!url || !account || !reportable(message.status, previous)) return;
    // Built now: by the time the webhook goes out the message may have moved on.
    const params = statusCallbackParams(message, kernel.now(message.accountSid));
    // On the clock, so it always leaves after the API response that caused it; owned by the account, so a reset
    // of that account drops it.
    kernel.timers.after(message.accountSid, 0, () =>
      dispatcher.send({
        accountSid: message.accountSid,
        authToken: account.account.authToken,
        url,
        method: 'POST',
        params,
        kind: 'sms-status',
        resourceSid: message.sid,
      }),
    );
  }

  function inboundWebhook(message: Message): void {
    const account = kernel.accounts.get(message.accountSid);
    const number = account?.numberByPhone(message.to);
    const smsUrl = number?.smsUrl;
    if (!account || !number || !smsUrl) return;
    const base = { accountSid: account.sid, authToken: account.account.authToken, kind: 'sms-inbound', resourceSid: message.sid } as const;
    const params = inboundSmsParams(message);
    kernel.timers.after(account.sid, 0, async () => {
      let result = await dispatcher.send({ ...base, url: smsUrl, method: number.smsMethod, params });
      // When sms_url fails, Twilio asks the fallback URL, telling it what went wrong and where.
      if (!result.delivered && number.smsFallbackUrl) {
        const fallbackParams = { ...params, ErrorCode: String(result.errorCode ?? 11200), ErrorUrl: smsUrl };
        result = await dispatcher.send({ ...base, url: number.smsFallbackUrl, method: number.smsFallbackMethod, params: fallbackParams });
      }
      // The account may have been reset while its webhook was out: its replies belong to the old state.
      if (!result.delivered || kernel.accounts.get(account.sid) !== account) return;
      sendReplies(account, message, repliesFrom(account.sid, message.sid, result.body, result.contentType));
    });
  }

  function sendReplies(account: AccountState, inbound: Message, replies: TwimlReply[]): void {
    for (const reply of replies) {
      try {
        messages.create(
          account,
          { from: reply.from ?? inbound.to, to: reply.to ?? inbound.from ?? '', body: reply.body, mediaUrls: reply.mediaUrls },
          'outbound-reply',
        );
      } catch (error) {
        // A reply Twilio would refuse (e.g. the person opted out) is dropped, as Twilio drops it.
        if (!(error instanceof TwilioError)) throw error;
        kernel.alerts.raise(account.sid, error.code, `Reply to ${inbound.sid} not sent: ${error.message}`, inbound.sid);
      }
    }
  }

  /**
   * What an sms_url's answer asks Twilio to send back: TwiML <Message>s, or with text/plain the text itself.
   * Anything else is reported the way Twilio's debugger would (12100 bad TwiML, 12300 wrong content type).
   */
  function repliesFrom(accountSid: string, resourceSid: string, body: string, contentType: string | null): TwimlReply[] {
    if (body.trim() === '') return [];
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'text/plain') return [{ body: body.trim(), mediaUrls: [] }];
    if (type !== 'text/xml' && type !== 'application/xml') {
      kernel.alerts.raise(accountSid, 12300, `Invalid Content-Type '${type || '(none)'}' from the SMS URL: expected text/xml`, resourceSid);
      return [];
    }
    const parsed = parseMessagingTwiml(body);
    if (parsed.ok) {
      if (parsed.dropped > 0) {
        kernel.alerts.raise(
          accountSid,
          14109,
          `Reply limit exceeded: ${parsed.dropped} <Message> over ${MAX_REPLIES} not sent`,
          resourceSid,
        );
      }
      return parsed.replies;
    }
    kernel.alerts.raise(accountSid, parsed.errorCode, `Document parse failure: ${parsed.reason}`, resourceSid);
    return [];
  }
}
