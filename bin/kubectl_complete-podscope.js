#!/usr/bin/env node
// `kubectl podscope <Tab>`: kubectl (1.26+) completes a plugin's arguments by running
// kubectl_complete-<plugin> from PATH with the words after the plugin's name, and reads
// cobra's protocol back: podscope's own `__complete` answers.
process.argv.splice(2, 0, '__complete');
await import('./podscope.js');
