// Types of build-options.js for the tests.
import type {BuildOptions, Plugin} from 'esbuild';

export const version: string;
export const description: string;
export const globalProcess: Plugin;
export const builtinsViaRequire: Plugin;
export function sharedOptions(plugins: Plugin[]): BuildOptions;
