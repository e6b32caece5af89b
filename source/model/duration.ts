// Ports of k8s.io/apimachinery/pkg/util/duration, so every age and "ago" reads exactly as
// kubectl prints it. Durations are milliseconds; Go truncates toward zero when it turns a
// Duration into whole units, hence Math.trunc everywhere rather than Math.floor.

import {toTime} from './k8s.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const whole = (ms: number, unit: number): number => Math.trunc(ms / unit);

/** `duration.HumanDuration`: about two significant figures, as in kubectl's AGE column. */
export function humanDuration(ms: number): string {
	const seconds = whole(ms, SECOND);
	// Up to a second in the future is clock skew between machines, not an error.
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 60 * 2) return `${seconds}s`;

	const minutes = whole(ms, MINUTE);
	if (minutes < 10) {
		const s = seconds % 60;
		return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
	}
	if (minutes < 60 * 3) return `${minutes}m`;

	const hours = whole(ms, HOUR);
	if (hours < 8) {
		const m = minutes % 60;
		return m === 0 ? `${hours}h` : `${hours}h${m}m`;
	}
	if (hours < 48) return `${hours}h`;
	if (hours < 24 * 8) {
		const h = hours % 24;
		return h === 0 ? `${whole(hours, 24)}d` : `${whole(hours, 24)}d${h}h`;
	}
	if (hours < 24 * 365 * 2) return `${whole(hours, 24)}d`;
	if (hours < 24 * 365 * 8) {
		const days = whole(hours, 24) % 365;
		const years = whole(hours, 24 * 365);
		return days === 0 ? `${years}y` : `${years}y${days}d`;
	}
	return `${whole(hours, 24 * 365)}y`;
}

/** `duration.ShortHumanDuration`: a single unit, as in `kubectl get events` LAST SEEN. */
export function shortHumanDuration(ms: number): string {
	const seconds = whole(ms, SECOND);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 60) return `${seconds}s`;
	const minutes = whole(ms, MINUTE);
	if (minutes < 60) return `${minutes}m`;
	const hours = whole(ms, HOUR);
	if (hours < 24) return `${hours}h`;
	if (hours < 24 * 365) return `${whole(hours, 24)}d`;
	return `${whole(hours, 24 * 365)}y`;
}

/** The printers' `translateTimestampSince`: a zero (here: absent) timestamp is "<unknown>". */
export function translateTimestampSince(ts: string | undefined, now: number): string {
	const time = toTime(ts);
	return time === undefined ? '<unknown>' : humanDuration(now - time);
}
