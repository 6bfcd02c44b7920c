// Preloaded into the simulator's CLI by the soak (node --expose-gc --import ./bench/gc-probe.mjs dist/simulator/cli.js,
// started with an IPC channel): answers { memory: true } with process.memoryUsage() taken after full collections,
// so the heap figure is what is alive, not garbage that happens not to be collected yet. The CLI itself is unchanged.
process.on('message', (message) => {
  if (!message?.memory) return;
  // Twice: the first collection can leave objects whose finalizers the second one frees.
  globalThis.gc();
  globalThis.gc();
  process.send({ memory: process.memoryUsage() });
});
