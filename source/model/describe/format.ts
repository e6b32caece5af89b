import {toTime} from '../k8s.js';
import {sanitizeName} from '../sanitize.js';

// Small pieces of Go formatting that kubectl describe leans on, and the writer it prints
// through (its PrefixWriter: two spaces per level).

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number) => String(value).padStart(2, '0');

/**
 * Go's time.RFC1123Z in the local zone, as kubectl prints it (metav1.Time is unmarshalled
 * into local time). A missing timestamp is Go's zero time, which kubectl prints as is.
 */
export function rfc1123z(timestamp: string | undefined | null): string {
	const ms = toTime(timestamp);
	if (ms === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
	const date = new Date(ms);
	const offset = -date.getTimezoneOffset();
	const sign = offset < 0 ? '-' : '+';
	const zone = `${sign}${two(Math.trunc(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
	return `${days[date.getDay()]}, ${two(date.getDate())} ${months[date.getMonth()]} ${date.getFullYear()} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())} ${zone}`;
}

/** Cluster text for the describe page: one line, no control characters. */
export const clean = (text: string | number | undefined | null): string => sanitizeName(text === undefined || text === null ? '' : String(text));

/** Go's %v of a []string: "[a b c]". */
export const goList = (items: string[] | undefined): string => `[${(items ?? []).map(clean).join(' ')}]`;

export const goBool = (value: boolean | undefined): string => (value ? 'true' : 'false');

export type Writer = {write(level: number, text: string): void; flush(): void};
