#!/usr/bin/env node
// Node's compile cache makes the second start of the bundle much faster.
import module from 'node:module';

module.enableCompileCache?.();
const {main} = await import('../dist/cli.js');
const code = await main(process.argv.slice(2));
process.exitCode = code;
