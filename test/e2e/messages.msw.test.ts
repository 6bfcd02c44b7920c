import { setupServer } from 'msw/node';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../../simulator/fixtures.js';
import { MSW_CONTROL_ORIGIN, twilioHandlers } from '../../simulator/msw/index.js';
import { mswHarness } from '../helpers/harness.js';
import { describeMessagesApi } from './messages-suite.js';

describe('Messages API through msw handlers (official SDK, no port, no httpClient)', () => {
  describeMessagesApi(() => mswHarness());
});

describe('twilioHandlers() with no arguments', () => {
  it('serves a default simulator, driven through the control origin', async () => {
    const [account] = loadFixtures().accounts;
    const server = setupServer(...twilioHandlers());
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const client = twilio(account!.sid, account!.authToken);
      const m = await client.messages.create({ from: '+61491570156', to: '+61491570101', body: 'no port at all' });
      const auth = `Basic ${Buffer.from(`${account!.sid}:${account!.authToken}`).toString('base64')}`;
      const advanced = await fetch(`${MSW_CONTROL_ORIGIN}/__sim/clock/run-until-idle`, {
        method: 'POST',
        headers: { authorization: auth },
      });
      expect(advanced.status).toBe(200);
      expect((await client.messages(m.sid).fetch()).status).toBe('delivered');
    } finally {
      server.close();
    }
  });
});
