#!/usr/bin/env node
// Node's compile cache makes every start after the first much faster.
import module from 'node:module';

module.enableCompileCache?.();
const {main} = await import('../dist/cli.js');
const code = await main(process.argv.slice(2));
// A finished command exits even if a socket or timer is still open, once stdout is flushed.
process.stdout.write('', () => process.exit(code));
