// The cold-start baseline: a bare express app started the way the simulator's CLI is (`node file.js`), printing
// where it listens and answering one health route.
import express from 'express';

const app = express();
app.get('/health', (_req, res) => void res.json({ ok: true }));
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
