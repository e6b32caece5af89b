import pty from '@lydell/node-pty';
import {readFileSync, rmSync, existsSync} from 'node:fs';
const trace='/tmp/tuitrace.jsonl';
for (let i=0;i<1;i++){
rmSync(trace,{force:true});
const t0=performance.timeOrigin+performance.now();
const term=pty.spawn(process.execPath,[...(process.argv[2]?process.argv[2].split(' '):[]),'/work/main/bin/podscope.js','--kubeconfig','/tmp/k2'],{cols:160,rows:50,env:{...process.env,PODSCOPE_TRACE:trace}});
term.onData(()=>{});
for(;;){await new Promise(r=>setTimeout(r,20));if(existsSync(trace)&&readFileSync(trace,'utf8').includes('first-list-frame'))break;}
const ev=readFileSync(trace,'utf8').trim().split('\n').map(l=>JSON.parse(l));
console.log(ev.map(e=>`${e.event}:${(e.at-t0).toFixed(0)}`).join(' '));
term.write('q');await new Promise(r=>term.onExit(r));}
