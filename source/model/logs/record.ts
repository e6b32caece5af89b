// One line of a container's log as the API delivers it with timestamps=true: the kubelet's
// RFC3339Nano stamp, a space, then the content. podscope always asks for the stamp, because
// resuming a stream without loss or duplicates and merging containers by time both need it.

export type LogRecord = {
	/** The content as the container wrote it, without the stamp; not sanitised. */
	text: string;
	/** RFC3339Nano as the kubelet wrote it; '' for lines podscope adds (markers). */
	stamp: string;
	/** Epoch milliseconds with the sub-millisecond fraction, for merge order. */
	ms: number;
	/** A line podscope wrote (a restart marker), not the container. */
	marker?: boolean;
};

const isDigit = (code: number) => code >= 48 && code <= 57;

// Lines of one second share their Date.parse: most of a flood's lines hit this cache, which
// is keyed by the stamp's first 19 characters (date and time to the second) in UTC.
let cachedSecond = '';
let cachedMs = 0;

/** Epoch ms of an RFC3339(Nano) stamp, fraction kept; NaN when it is not one. */
export function stampMs(stamp: string): number {
	let end = 19;
	let fraction = 0;
	if (stamp.charCodeAt(19) === 46) {
		let scale = 100;
		for (end = 20; end < stamp.length; end++) {
			const code = stamp.charCodeAt(end);
			if (code < 48 || code > 57) break;
			fraction += (code - 48) * scale;
			scale /= 10;
		}
	}
	if (end !== stamp.length - 1 || stamp.charCodeAt(end) !== 90) {
		// Not UTC ('Z'): rare enough to parse whole.
		return Date.parse(stamp.slice(0, 19) + stamp.slice(end)) + fraction;
	}
	if (!stamp.startsWith(cachedSecond) || cachedSecond === '') {
		cachedSecond = stamp.slice(0, 19);
		cachedMs = Date.parse(`${cachedSecond}Z`);
	}
	return cachedMs + fraction;
}

/** The stamp without its fraction: sinceTime's resolution is the second (RFC3339). */
export function stampSecond(stamp: string): string {
	if (stamp.charCodeAt(19) !== 46) return stamp;
	let end = 20;
	while (end < stamp.length && isDigit(stamp.charCodeAt(end))) end++;
	return stamp.slice(0, 19) + stamp.slice(end);
}

const looksStamped = (line: string, space: number) => space >= 20 && isDigit(line.charCodeAt(0)) && line.charCodeAt(10) === 84; // 'T'

/**
 * Split a `STAMP content` line. A line without a stamp (a piece of an over-long line cut by
 * the decoder) takes the previous stamp, so it sorts and resumes with the line it belongs to.
 */
export function parseStamped(line: string, previousStamp: string): LogRecord {
	const space = line.indexOf(' ');
	if (space > 0 && looksStamped(line, space)) {
		const stamp = line.slice(0, space);
		const ms = stampMs(stamp);
		if (!Number.isNaN(ms)) return {text: line.slice(space + 1), stamp, ms};
	}
	if (space < 0 && line.length >= 20 && looksStamped(line, line.length) && !Number.isNaN(stampMs(line))) {
		// An empty line: the kubelet writes the stamp and the space, a trimmed copy may not.
		return {text: '', stamp: line, ms: stampMs(line)};
	}
	return {text: line, stamp: previousStamp, ms: previousStamp ? stampMs(previousStamp) : 0};
}
