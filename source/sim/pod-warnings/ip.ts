import {goQuote} from './go-quote.js';

// validation.GetWarningsForIP (apimachinery pkg/util/validation/ip.go): an address the legacy
// parser accepts (netutils.ParseIPSloppy, Go 1.16's net.ParseIP, forked in k8s.io/utils) but
// Go's strict netip.ParseAddr refuses or stores differently earns a warning with the form the
// apiserver would prefer. The only differences between the two parsers on an address the
// sloppy one accepts: IPv4 octets with leading zeros, IPv6 groups of more than four digits.

type Parsed = {bytes: number[]; ipv6Syntax: boolean; strict: boolean};

/** parseIPv4 of the fork: four decimal octets, leading zeros allowed (issue 100895). */
function parseIPv4(text: string): {octets: number[]; strict: boolean} | undefined {
	const fields = text.split('.');
	if (fields.length !== 4) return undefined;
	const octets: number[] = [];
	let strict = true;
	for (const field of fields) {
		if (!/^\d+$/.test(field) || Number(field) > 255) return undefined;
		if (field.length > 1 && field[0] === '0') strict = false;
		octets.push(Number(field));
	}
	return {octets, strict};
}

/** parseIPv6 of the fork: hex groups, one "::", an IPv4 tail only in the last 32 bits. */
function parseIPv6(text: string): {bytes: number[]; strict: boolean} | undefined {
	const bytes = new Array<number>(16).fill(0);
	let strict = true;
	let ellipsis = -1;
	let rest = text;
	if (rest.startsWith('::')) {
		ellipsis = 0;
		rest = rest.slice(2);
		if (rest === '') return {bytes, strict};
	}
	let filled = 0;
	while (filled < 16) {
		const group = /^[0-9a-fA-F]+/.exec(rest)?.[0];
		if (!group || Number.parseInt(group, 16) > 0xffff) return undefined;
		if (rest[group.length] === '.') {
			if ((ellipsis < 0 && filled !== 12) || filled + 4 > 16) return undefined;
			const v4 = parseIPv4(rest);
			if (!v4) return undefined;
			bytes.splice(filled, 4, ...v4.octets);
			strict &&= v4.strict;
			filled += 4;
			rest = '';
			break;
		}
		if (group.length > 4) strict = false;
		const value = Number.parseInt(group, 16);
		bytes[filled] = value >> 8;
		bytes[filled + 1] = value & 0xff;
		filled += 2;
		rest = rest.slice(group.length);
		if (rest === '') break;
		if (rest[0] !== ':' || rest.length === 1) return undefined;
		rest = rest.slice(1);
		if (rest[0] === ':') {
			if (ellipsis >= 0) return undefined;
			ellipsis = filled;
			rest = rest.slice(1);
			if (rest === '') break;
		}
	}
	if (rest !== '') return undefined;
	if (filled < 16) {
		if (ellipsis < 0) return undefined;
		const tail = bytes.slice(ellipsis, filled);
		bytes.fill(0, ellipsis);
		bytes.splice(16 - tail.length, tail.length, ...tail);
	} else if (ellipsis >= 0) {
		return undefined; // "::" must stand for at least one group of zeros
	}
	return {bytes, strict};
}

/** ParseIPSloppy: the first '.' or ':' decides the family. */
export function parseSloppy(text: string): Parsed | undefined {
	const marker = /[.:]/.exec(text)?.[0];
	if (marker === '.') {
		const v4 = parseIPv4(text);
		return v4 && {bytes: [...new Array<number>(10).fill(0), 0xff, 0xff, ...v4.octets], ipv6Syntax: false, strict: v4.strict};
	}
	if (marker === ':') {
		const v6 = parseIPv6(text);
		return v6 && {...v6, ipv6Syntax: true};
	}
	return undefined;
}

export const isMapped = (bytes: number[]) => bytes.slice(0, 10).every(byte => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;

/**
 * net.IP.String() and netip.Addr.String(): dotted for an IPv4(-mapped) address, otherwise
 * RFC 5952: lowercase hex, no leading zeros, the first longest run of two or more zero groups
 * as "::".
 */
function format(bytes: number[]): string {
	if (isMapped(bytes)) return bytes.slice(12).join('.');
	const groups = Array.from({length: 8}, (_, index) => (bytes[index * 2]! << 8) | bytes[index * 2 + 1]!);
	let zeroStart = -1;
	let zeroLength = 1;
	for (let start = 0; start < 8; start++) {
		let end = start;
		while (end < 8 && groups[end] === 0) end++;
		if (end - start > zeroLength) [zeroStart, zeroLength] = [start, end - start];
	}
	if (zeroStart < 0) return groups.map(group => group.toString(16)).join(':');
	const hex = (part: number[]) => part.map(group => group.toString(16)).join(':');
	return `${hex(groups.slice(0, zeroStart))}::${hex(groups.slice(zeroStart + zeroLength))}`;
}

export function ipWarnings(path: string, value: string): string[] {
	const parsed = parseSloppy(value);
	// Validation refuses what ParseIPSloppy cannot read; GetWarningsForIP only logs it.
	if (!parsed) return [];
	const is4In6 = parsed.ipv6Syntax && isMapped(parsed.bytes);
	if (!parsed.strict || is4In6) {
		return [
			`${path}: non-standard IP address ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(format(parsed.bytes))}`,
		];
	}
	if (parsed.ipv6Syntax && format(parsed.bytes) !== value) {
		return [`${path}: IPv6 address ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(format(parsed.bytes))})`];
	}
	return [];
}
