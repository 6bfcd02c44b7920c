// Bundles the `twilio-sim` command for a fast start: one small entry file, with what only some runs need (the CLI's
// client subcommands, the DNCR's SOAP stack, the server) in chunks loaded by the dynamic import()s that reach them.
// Start-up time is mostly V8 scanning and compiling source text, so the less text the start path loads, the sooner
// the first answer: one 3.7 MB file cost about 45 ms of compiling on every start; the start path is now about 1.3 MB
// (split, iconv-lite's tables left out, whitespace squeezed). Identifiers are not renamed, so a stack trace still reads.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { build } from 'esbuild';

const CHUNKS = 'dist/simulator/cli-chunks';

/**
 * iconv-lite (under express's body parsing) keeps its East Asian code pages in JSON tables it requires only when such
 * a charset is decoded, which the simulator never asks for. Bundled, they would be half a megabyte of source compiled
 * at every start; left as requires of the installed package, they cost nothing unless used.
 */
const iconvTablesStayInPackage = {
  name: 'iconv-tables-stay-in-package',
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, ({ path, importer }) =>
      importer.includes('/iconv-lite/encodings/') ? { path: `iconv-lite/encodings/tables/${basename(path)}`, external: true } : undefined,
    );
  },
};
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
  plugins: [iconvTablesStayInPackage],
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies call require(); an ES module has none, so every chunk gets one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
