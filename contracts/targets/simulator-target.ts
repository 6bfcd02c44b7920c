// The simulator as a target, started in process (127.0.0.1, random port, virtual clock) through its public entry and
// then connected to over HTTP like any running twilio-sim, so both run one code path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator } from '../../simulator/index.js';
import { connectSimulatorTarget } from './simulator-connection.js';
import type { Target } from './target.js';

export interface SimulatorTargetOptions {
  fixturesDir?: string;
}

/** The default account's API key and Messaging Service, read from the fixtures data (not discoverable over HTTP). */
interface DefaultAccountFixture {
  apiKeys?: Array<{ sid: string; secret: string }>;
  messagingServices?: Array<{ sid: string }>;
}

/** The default account as fixtures/accounts.json describes it (API key, Messaging Service). */
function defaultAccountFixture(fixturesDir: string | undefined): DefaultAccountFixture {
  const file = fixturesDir ? path.join(fixturesDir, 'accounts.json') : new URL('../../fixtures/accounts.json', import.meta.url);
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { accounts: DefaultAccountFixture[] };
    return data.accounts[0] ?? {};
  } catch {
    return {};
  }
}

/** A simulator started in process for the suite alone; closing the target stops it. */
export async function createSimulatorTarget(options: SimulatorTargetOptions = {}): Promise<Target> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', clock: 'virtual', fixturesDir: options.fixturesDir });
  try {
    const [main, other] = sim.accounts;
    if (!main) throw new Error('the simulator started without accounts');
    const fixture = defaultAccountFixture(options.fixturesDir);
    const target = await connectSimulatorTarget({
      baseUrl: sim.url,
      accountSid: main.sid,
      authToken: main.authToken,
      otherAccount: other && { sid: other.sid, token: other.authToken },
      apiKey: fixture.apiKeys?.[0],
      messagingServiceSid: fixture.messagingServices?.[0]?.sid,
    });
    return {
      ...target,
      async close() {
        await target.close();
        await sim.stop();
      },
    };
  } catch (error) {
    await sim.stop();
    throw error;
  }
}
