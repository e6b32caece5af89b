// `podscope logs` flags validated the way kubectl validates them, with kubectl's texts, so a
// script that greps kubectl's errors reads ours the same.

export class LogOptionError extends Error {
	/** kubectl prints flag-parse errors as `Error: ...` plus a usage hint, the rest as `error: ...`. */
	constructor(
		message: string,
		readonly usage = false,
	) {
		super(message);
	}
}

const units: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

const maxDurationMs = 9_223_372_036_854.775;

/** Go's time.ParseDuration, in milliseconds, with its error texts. */
export function parseGoDuration(text: string): number {
	const quoted = JSON.stringify(text);
	let rest = text;
	let sign = 1;
	if (rest.startsWith('-') || rest.startsWith('+')) {
		sign = rest.startsWith('-') ? -1 : 1;
		rest = rest.slice(1);
	}
	if (rest === '0') return 0;
	if (rest === '') throw new Error(`time: invalid duration ${quoted}`);
	let total = 0;
	while (rest) {
		const number = /^(\d*)(\.\d*)?/.exec(rest)!;
		if (number[0] === '' || number[0] === '.') throw new Error(`time: invalid duration ${quoted}`);
		rest = rest.slice(number[0].length);
		const unit = /^[^\d.]*/.exec(rest)![0];
		if (!unit) throw new Error(`time: missing unit in duration ${quoted}`);
		const scale = units[unit];
		if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
		total += Number(number[0]) * scale;
		// Go's Duration is an int64 of nanoseconds: 2562047h47m16.854775807s at most.
		if (total > maxDurationMs) throw new Error(`time: invalid duration ${quoted}`);
		rest = rest.slice(unit.length);
	}
	return sign * total;
}

/** `--since`: whole seconds, rounded up as kubectl does; undefined for 0 (no limit). */
export function sinceSeconds(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	let ms: number;
	try {
		ms = parseGoDuration(text);
	} catch (error) {
		throw new LogOptionError(`invalid argument ${JSON.stringify(text)} for "--since" flag: ${(error as Error).message}`, true);
	}
	if (ms < 0) throw new LogOptionError('--since must be greater than 0');
	return ms === 0 ? undefined : Math.ceil(ms / 1000);
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const layout = ['2006', '-', '01', '-', '02', 'T', '15', ':', '04', ':', '05', 'Z07:00'];
const fieldPattern = [/^\d{4}/, /^-/, /^\d{2}/, /^-/, /^\d{2}/, /^T/, /^\d{2}/, /^:/, /^\d{2}/, /^:/, /^\d{2}(\.\d+)?/, /^(Z|[+-]\d{2}:\d{2})/];

/** `--since-time`: RFC3339, sent with second resolution (metav1.Time's wire format). */
export function sinceTime(text: string | undefined): string | undefined {
	if (text === undefined) return undefined;
	const match = rfc3339.exec(text);
	const ms = match ? Date.parse(text) : Number.NaN;
	if (Number.isNaN(ms)) {
		// Go names the first layout element the value does not fit, and the rest of the value.
		let rest = text;
		let index = 0;
		for (; index < layout.length; index++) {
			const found = fieldPattern[index]!.exec(rest);
			if (!found) break;
			rest = rest.slice(found[0].length);
		}
		const element = layout[Math.min(index, layout.length - 1)]!;
		const detail = index >= layout.length ? `extra text: ${JSON.stringify(rest)}` : `cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(element)}`;
		throw new LogOptionError(`parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": ${detail}`);
	}
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `--tail`: -1 for everything; kubectl's default is 10 with a selector. */
export function tailLines(text: string | undefined, withSelector: boolean): number | undefined {
	if (text === undefined) return withSelector ? 10 : undefined;
	if (!/^[+-]?\d+$/.test(text))
		throw new LogOptionError(
			`invalid argument ${JSON.stringify(text)} for "--tail" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`,
			true,
		);
	const big = BigInt(text);
	if (big > 9_223_372_036_854_775_807n || big < -9_223_372_036_854_775_808n) {
		throw new LogOptionError(
			`invalid argument ${JSON.stringify(text)} for "--tail" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`,
			true,
		);
	}
	const value = Number(text);
	if (value < -1) throw new LogOptionError('--tail must be greater than or equal to -1');
	return value === -1 ? undefined : value;
}
