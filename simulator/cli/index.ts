// `twilio-sim <subcommand>`: drive a running simulator from a terminal. cli.ts hands over when the first argument
// names one of these; everything else (flags, no arguments) still starts a simulator.
import { parseArgs } from 'node:util';
import { COMMANDS, type Command, UsageError } from './commands.js';
import { ControlError, connect, DEFAULT_URL } from './connection.js';

const CONNECTION_HELP = `Connection (every command):
  --url URL             the simulator (default TWILIO_SIM_URL, else ${DEFAULT_URL})
  --account-sid SID     default TWILIO_ACCOUNT_SID, else the fixtures' default account
  --auth-token TOKEN    default TWILIO_AUTH_TOKEN
  --json                print the simulator's JSON answer instead of a summary
  -h, --help            this text`;

export const SUBCOMMANDS_HELP = `Commands that talk to a running simulator (twilio-sim COMMAND --help for each):
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}
`;

export function isSubcommand(word: string | undefined): boolean {
  return word !== undefined && Object.hasOwn(COMMANDS, word);
}

function helpOf(name: string, command: Command): string {
  return `twilio-sim ${name}: ${command.summary}\n\nUsage: ${command.usage}\n\n${command.flags ? `${command.flags}\n\n` : ''}${CONNECTION_HELP}\n`;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env };

/** Runs one subcommand; the exit code: 0 done, 1 the simulator said no (or is not there), 2 a usage mistake. */
export async function runSubcommand(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS[name!]!;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        ...command.options,
        url: { type: 'string' },
        'account-sid': { type: 'string' },
        'auth-token': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.out(helpOf(name!, command));
      return 0;
    }
    if (command.actions && !command.actions.includes(positionals[0] ?? '')) {
      throw new UsageError(`${name} takes one of ${command.actions.join(', ')}${positionals[0] ? `, got '${positionals[0]}'` : ''}`);
    }
    const conn = connect(
      {
        url: values.url as string | undefined,
        accountSid: values['account-sid'] as string | undefined,
        authToken: values['auth-token'] as string | undefined,
      },
      io.env,
    );
    const result = await command.run(conn, values, positionals);
    io.out(values.json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ControlError) {
      // One line, Twilio's code first: what a person greps for and what the docs are indexed by.
      const code = error.code === null ? '' : `error ${error.code}${error.status ? ` (HTTP ${error.status})` : ''}: `;
      io.err(`twilio-sim ${name}: ${code}${error.message}\n`);
      return 1;
    }
    // node:util's parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION for flag mistakes.
    const flagMistake = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ?? false;
    if (error instanceof UsageError || flagMistake) {
      io.err(`twilio-sim ${name}: ${(error as Error).message}\nUsage: ${command.usage}\n(twilio-sim ${name} --help for more)\n`);
      return 2;
    }
    throw error;
  }
}
