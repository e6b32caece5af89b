import {defaultBufferLines} from '../../model/log-source.js';

// What a logs screen starts with. The TUI's flags (--tail, --buffer, --since) set these once
// at start-up; PODSCOPE_LOG_TAIL / PODSCOPE_LOG_BUFFER work until those flags exist.

export type LogSettings = {tailLines: number; bufferLines: number; sinceSeconds?: number};

const positive = (value: string | undefined, fallback: number) => {
	const number = Number(value);
	return Number.isInteger(number) && number > 0 ? number : fallback;
};

export const logSettings: LogSettings = {
	tailLines: positive(process.env.PODSCOPE_LOG_TAIL, 200),
	bufferLines: positive(process.env.PODSCOPE_LOG_BUFFER, defaultBufferLines),
};
