import {defaultBufferLines} from '../model/logs/source.js';

// What a logs screen starts with: part of the session's options. The TUI's flags (--tail,
// --buffer, --since) override PODSCOPE_LOG_TAIL / PODSCOPE_LOG_BUFFER, which work until
// those flags exist; a session made without settings (tests) gets the defaults.

export type LogSettings = {tailLines: number; bufferLines: number; sinceSeconds?: number};

export const defaultLogSettings: LogSettings = {tailLines: 200, bufferLines: defaultBufferLines};

const positive = (value: string | undefined, fallback: number) => {
	const number = Number(value);
	return Number.isInteger(number) && number > 0 ? number : fallback;
};

/** The settings the environment asks for, each falling back to its default. */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv): LogSettings {
	return {
		tailLines: positive(env.PODSCOPE_LOG_TAIL, defaultLogSettings.tailLines),
		bufferLines: positive(env.PODSCOPE_LOG_BUFFER, defaultLogSettings.bufferLines),
	};
}
