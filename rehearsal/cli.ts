// npm run rehearsal:agent — the rehearsal agent on its own, for a simulator (or anything) to call.
//   PORT (default 4020), HOST (127.0.0.1), VAPI_SERVER_URL (where its Vapi-shaped events go), HANG_UP_AFTER_TURNS.
import { startRehearsalAgent } from './agent.js';

const agent = await startRehearsalAgent({
  port: Number(process.env.PORT ?? 4020),
  host: process.env.HOST ?? '127.0.0.1',
  serverUrl: process.env.VAPI_SERVER_URL ?? null,
  hangUpAfterTurns: process.env.HANG_UP_AFTER_TURNS ? Number(process.env.HANG_UP_AFTER_TURNS) : undefined,
});
console.log(`rehearsal agent: voice webhook ${agent.webhookUrl}, media stream ${agent.streamUrl}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void agent.close().then(() => process.exit(0)));
