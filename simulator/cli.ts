#!/usr/bin/env node
// `npm start` / `twilio-sim`: the simulator on http://127.0.0.1:4010 with the real clock, printing the credentials
// and numbers to use. Flags: --port --host --clock real|virtual --speed N --fixtures DIR
import { parseArgs } from 'node:util';
import { Simulator } from './app.js';
import { serve } from './server.js';

const HELP = `twilio-sim — a local Twilio simulator

  --port N          port to listen on (default 4010, 0 = any free port)
  --host ADDR       address to bind (default 127.0.0.1)
  --clock KIND      real (default) or virtual (time moves only via POST /__sim/clock/advance)
  --speed N         with --clock real: simulated seconds per real second (default 1)
  --fixtures DIR    folder with accounts.json, prices.json, scenarios.json
  -h, --help        this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '4010' },
      host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
      clock: { type: 'string', default: 'real' },
      speed: { type: 'string' },
      fixtures: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got '${values.port}'`);
  if (values.clock !== 'real' && values.clock !== 'virtual') throw new Error(`--clock must be real or virtual, got '${values.clock}'`);
  const speed = values.speed === undefined ? undefined : Number(values.speed);
  const options = { port, host: values.host, clock: values.clock, speed, fixturesDir: values.fixtures } as const;
  const sim = await serve(new Simulator(options), options);
  const [main, ...others] = sim.accounts;
  const lines = [
    `twilio-sim listening on ${sim.url} (clock: ${sim.clock.kind}${speed ? `, speed ×${speed}` : ''})`,
    '',
    `  TWILIO_ACCOUNT_SID=${main!.sid}`,
    `  TWILIO_AUTH_TOKEN=${main!.authToken}`,
    `  numbers: ${main!.numbers.join(', ')}`,
    ...others.map((a) => `  other account: ${a.sid} (token ${a.authToken}; numbers ${a.numbers.join(', ')})`),
    '',
    `  Point the twilio SDK at it with an httpClient that rewrites https://*.twilio.com to ${sim.url} (see README).`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const shutdown = () => void sim.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`twilio-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
