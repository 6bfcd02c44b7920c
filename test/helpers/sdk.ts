// The official twilio SDK, unmodified, pointed at a simulator through its documented httpClient option.
import twilio from 'twilio';

export type TwilioSdk = ReturnType<typeof twilio>;

export function sdkAt(baseUrl: string, username: string, password: string, accountSid?: string): TwilioSdk {
  class ToSimulator extends twilio.RequestClient {
    override request<TData>(opts: Parameters<twilio.RequestClient['request']>[0]) {
      return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]+\.twilio\.com/, baseUrl) });
    }
  }
  return twilio(username, password, { accountSid, httpClient: new ToSimulator() });
}
