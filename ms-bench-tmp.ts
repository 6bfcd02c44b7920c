import { concurrentRealTime } from './bench/media-streams.js';
const live = await concurrentRealTime(50, 10);
console.log(live.p50.toFixed(2), live.p99.toFixed(2), live.cpuPercent.toFixed(0), live.frames);
process.exit(0);
