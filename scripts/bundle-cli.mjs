// Bundles the `twilio-sim` command for a fast start: one small entry file, with what only some runs need (the CLI's
// client subcommands, the DNCR's SOAP stack, the server) in chunks loaded by the dynamic import()s that reach them.
// Start-up time is mostly V8 compiling source text, so the less text the start path loads, the sooner the first
// answer: a single 3.7 MB file cost about 45 ms of compiling on every start, the start path now loads about 2.3 MB of it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const CHUNKS = 'dist/simulator/cli-chunks';
rmSync(CHUNKS, { recursive: true, force: true });
await build({
  entryPoints: ['dist/simulator/cli.js'],
  outdir: 'dist/simulator',
  outbase: 'dist/simulator',
  chunkNames: 'cli-chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  allowOverwrite: true,
  logLevel: 'warning',
  // CommonJS dependencies call require(); an ES module has none, so every chunk gets one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
