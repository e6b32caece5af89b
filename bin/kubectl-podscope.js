#!/usr/bin/env node
// `kubectl podscope ...`: kubectl finds this on PATH as a plugin and passes the arguments on.
import './podscope.js';
