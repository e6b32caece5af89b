import {describe, expect, it} from 'vitest';
import {logSettingsOf} from '../../source/commands/tui-session.js';
import {defaultLogSettings, logSettingsFromEnv} from '../../source/session/log-settings.js';

// The logs screens' settings are the session's options: read from the environment, then the
// flags, once, by the command that starts the session.

const flags = {allNamespaces: false, readOnly: false, demo: false, color: true};

describe('log settings', () => {
	it('take PODSCOPE_LOG_TAIL and PODSCOPE_LOG_BUFFER when they are whole numbers above 0', () => {
		expect(logSettingsFromEnv({})).toEqual(defaultLogSettings);
		expect(logSettingsFromEnv({PODSCOPE_LOG_TAIL: '50', PODSCOPE_LOG_BUFFER: '1000'})).toEqual({tailLines: 50, bufferLines: 1000});
		expect(logSettingsFromEnv({PODSCOPE_LOG_TAIL: '0', PODSCOPE_LOG_BUFFER: 'many'})).toEqual(defaultLogSettings);
	});

	it('let the flags override the environment, and name an invalid flag', () => {
		expect(logSettingsOf({...flags, tail: 0, since: '5m'}, {PODSCOPE_LOG_TAIL: '50', PODSCOPE_LOG_BUFFER: '1000'})).toEqual({
			tailLines: 0,
			bufferLines: 1000,
			sinceSeconds: 300,
		});
		expect(logSettingsOf({...flags, buffer: 0}, {})).toBe('invalid --buffer 0: must be a whole number above 0');
	});

	it('do not change the defaults a session made without settings gets', () => {
		logSettingsOf({...flags, tail: 7}, {});
		expect(defaultLogSettings.tailLines).toBe(200);
	});
});
