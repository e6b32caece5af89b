import {rest} from './flood.js';
for (const f of await rest({seconds: Number(process.argv[2] ?? 180), warmup: Number(process.argv[3] ?? 180)})) console.log(f.name, f.podscope.toFixed(1), f.note);
