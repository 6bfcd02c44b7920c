#!/usr/bin/env node
// `npm start` / `twilio-sim`: the simulator on http://127.0.0.1:4010 with the real clock, printing the credentials
// and numbers to use. Every flag is in HELP below.
import { parseArgs } from 'node:util';

const HELP = `twilio-sim — a local Twilio simulator

Usage: twilio-sim [options]     (or: npm start -- [options])

  --port N          port to listen on (default 4010; 0 = any free port)
  --host ADDR       address to bind (default 127.0.0.1; 0.0.0.0 = every interface, reachable from other machines)
  --clock KIND      real (default) or virtual (time moves only via POST /__sim/clock/advance)
  --speed N         with --clock real only: simulated seconds per real second (default 1)
  --seed N          seed for generated SIDs, an integer 0–4294967295: the same seed gives the same SIDs
  --fixtures DIR    folder with accounts.json, prices.json, scenarios.json (default: the package's fixtures/)
  --data DIR        keep state across restarts: journal every change to DIR/journal.jsonl and replay it at start
                    (messages, including those in flight, opt-outs, numbers' settings; not calls). Without it
                    nothing is written
  --log FORMAT      request log on stdout: pretty (default; coloured on a terminal) or json (a JSON object a line)
  --quiet           no request log
  -h, --help        this text

Environment (a flag wins over its variable):
  TWILIO_SIM_PORT     instead of --port (PORT is left alone: it is usually your app's)
  TWILIO_SIM_HOST     instead of --host (HOST is left alone too)
  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
                      credentials of the default account, so your app's values work against the simulator

A .env file in the working directory is read at start (variables already set in the environment win; no .env is
fine), so one .env can serve your app and the simulator.
`;

/** A mistake in how the simulator was started, worded for the person who made it. */
class UsageError extends Error {}

function loadDotEnv(): void {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`.env could not be read: ${(error as Error).message}`);
  }
}

function readOptions() {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  const { values } = parsed;
  if (values.help) return undefined;
  loadDotEnv();
  const portText = values.port ?? process.env.TWILIO_SIM_PORT ?? '4010';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port (or TWILIO_SIM_PORT) must be 0–65535, got '${portText}'`);
  const host = values.host ?? process.env.TWILIO_SIM_HOST ?? '127.0.0.1';
  const clock = values.clock ?? 'real';
  if (clock !== 'real' && clock !== 'virtual') throw new UsageError(`--clock must be real or virtual, got '${clock}'`);
  let speed: number | undefined;
  if (values.speed !== undefined) {
    if (clock === 'virtual') throw new UsageError('--speed only applies to --clock real: a virtual clock moves only when told');
    speed = Number(values.speed);
    if (!(speed > 0 && Number.isFinite(speed))) throw new UsageError(`--speed must be a positive number, got '${values.speed}'`);
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || seed > 0xffffffff)
      throw new UsageError(`--seed must be an integer 0–4294967295, got '${values.seed}'`);
  }
  const format = values.log ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(`--log must be pretty or json, got '${format}'`);
  const log = values.quiet ? undefined : ({ format } as const);
  return { port, host, clock, speed, seed, fixturesDir: values.fixtures, data: values.data, log } as const;
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      clock: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      fixtures: { type: 'string' },
      data: { type: 'string' },
      log: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Node's listen errors, said in terms of the flags that fix them. */
function listenFailure(error: NodeJS.ErrnoException, port: number, host: string): UsageError | undefined {
  const choose = 'Choose another with --port N (or TWILIO_SIM_PORT=N), or --port 0 for any free port.';
  if (error.code === 'EADDRINUSE') return new UsageError(`port ${port} on ${host} is already in use (another twilio-sim?). ${choose}`);
  if (error.code === 'EACCES') return new UsageError(`not allowed to listen on port ${port} (ports below 1024 need privileges). ${choose}`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new UsageError(
      `cannot listen on '${host}': not an address of this machine. Try --host 127.0.0.1, or 0.0.0.0 for every interface.`,
    );
  }
  return undefined;
}

async function main(): Promise<void> {
  // `twilio-sim sms-in …` and friends talk to a running simulator instead of starting one (simulator/cli/).
  const subcommands = await import('./cli/index.js');
  if (subcommands.isSubcommand(process.argv[2])) {
    loadDotEnv();
    process.exitCode = await subcommands.runSubcommand(process.argv.slice(2));
    return;
  }
  const options = readOptions();
  if (!options) {
    process.stdout.write(`${HELP}\n${subcommands.SUBCOMMANDS_HELP}`);
    return;
  }
  // Loaded only now, so --help and a mistyped flag answer at once instead of after loading the whole simulator.
  const [{ Simulator }, { serve }] = await Promise.all([import('./app.js'), import('./server.js')]).catch(
    (error: NodeJS.ErrnoException) => {
      // express, ws and pino are optional peers (a client-only install has none of them): say which to add.
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new UsageError(`the simulator's server needs express, ws and pino: npm install -D express ws pino (${error.message})`);
    },
  );
  const sim = await serve(new Simulator(options), options).catch((error: NodeJS.ErrnoException) => {
    throw listenFailure(error, options.port, options.host) ?? error;
  });
  const [main, ...others] = sim.accounts;
  const clock = `clock: ${sim.clock.kind}${options.speed ? `, speed ×${options.speed}` : ''}`;
  // Say what is really bound; when that is no URL to type (0.0.0.0), add one that works from this machine.
  const where =
    sim.url === `http://${sim.bound}`
      ? `listening on ${sim.url} (${clock})`
      : `listening on ${sim.bound}${/^(0\.0\.0\.0|\[::\]):/.test(sim.bound) ? ' (every interface)' : ''} (${clock})\n  from this machine: ${sim.url}`;
  const lines = [
    `twilio-sim ${where}`,
    '',
    `  TWILIO_ACCOUNT_SID=${main!.sid}`,
    `  TWILIO_AUTH_TOKEN=${main!.authToken}`,
    `  numbers: ${main!.numbers.join(', ')}`,
    ...others.map((a) => `  other account: ${a.sid} (token ${a.authToken}; numbers ${a.numbers.join(', ')})`),
    '',
    `  Inspector: ${sim.url}/ in a browser; sign in with an account's SID and token.`,
    `  Point the twilio SDK at it with an httpClient that rewrites https://*.twilio.com to ${sim.url} (see README).`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    // Closing websockets politely takes at most about a second; never let a stuck one keep the process alive.
    setTimeout(() => process.exit(0), 3_000).unref();
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // `npm start` runs `sh -c "node …"`. npm passes SIGTERM to that shell, which dies without passing it on, and this
  // process would live on as an orphan. So when npm started us, we leave as soon as our parent is gone.
  if (process.env.npm_lifecycle_event !== undefined) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) shutdown();
    }, 250).unref();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`twilio-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
