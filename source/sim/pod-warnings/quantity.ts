// A memory or ephemeral-storage quantity as kube-apiserver judges it for the "fractional byte
// value" warning (kubernetes pkg/api/pod/warnings.go): parsed by resource.ParseQuantity
// (apimachinery pkg/api/resource/quantity.go, amount.go, math.go), rounded up to milli-units as
// it is decoded (SetDefaults_ResourceList, pkg/apis/core/v1/defaults.go), then
// MilliValue() % 1000 and String(). The warning quotes String(), so the Go type's rules show:
// "1.5" prints as "1500m", "1500u" rounds up to "2m", a string already in canonical form
// ("1500m", even "+1500m") prints as written; and MilliValue() wraps around int64 for the
// exabyte values that do not fit, which makes "1Ei" "fractional" too.

type Split = {negative: boolean; num: string; denom: string; suffix: string};

const digit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/** parseQuantityString: sign, numerator without leading zeros, fraction digits, suffix. */
function split(text: string): Split | undefined {
	let pos = 0;
	let negative = false;
	if (text[0] === '-' || text[0] === '+') {
		negative = text[0] === '-';
		pos++;
	}
	while (text[pos] === '0') pos++;
	if (pos >= text.length) return {negative, num: '0', denom: '', suffix: ''};
	const numStart = pos;
	while (digit(text[pos])) pos++;
	const num = text.slice(numStart, pos) || '0';
	let denom = '';
	if (text[pos] === '.') {
		const denomStart = ++pos;
		while (digit(text[pos])) pos++;
		denom = text.slice(denomStart, pos);
	}
	const suffixStart = pos;
	while (pos < text.length && 'eEinumkKMGTP'.includes(text[pos]!)) pos++;
	if (text[pos] === '-' || text[pos] === '+') pos++;
	while (digit(text[pos])) pos++;
	// Anything after the exponent's digits is ErrFormatWrong.
	return pos < text.length ? undefined : {negative, num, denom, suffix: text.slice(suffixStart)};
}

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
type Suffix = {base: 10 | 2; exponent: number; format: Format};

const decimalSuffixes: Record<string, number> = {'': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18};
const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** quantitySuffixer.interpret: SI, binary SI, or an exponent ("e-3", int32 as Go casts it). */
function interpret(suffix: string): Suffix | undefined {
	if (Object.hasOwn(decimalSuffixes, suffix)) return {base: 10, exponent: decimalSuffixes[suffix]!, format: 'DecimalSI'};
	const binary = binarySuffixes.indexOf(suffix);
	if (binary > 0) return {base: 2, exponent: binary * 10, format: 'BinarySI'};
	if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
		const parsed = BigInt(suffix.slice(1));
		if (parsed !== BigInt.asIntN(64, parsed)) return undefined;
		return {base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent'};
	}
	return undefined;
}

/**
 * A parsed quantity: mantissa × 10^exponent, and which of Go's two representations holds it
 * (int64Amount on the fast path, inf.Dec otherwise), which decides how MilliValue overflows.
 */
type Quantity = {mantissa: bigint; exponent: number; int64: boolean; format: Format; text?: string};

const abs = (value: bigint) => (value < 0n ? -value : value);
/** Division rounding away from zero, as inf.RoundUp and negativeScaleInt64 do. */
const divideUp = (dividend: bigint, divisor: bigint) => {
	const quotient = abs(dividend) / divisor + (abs(dividend) % divisor === 0n ? 0n : 1n);
	return dividend < 0n ? -quotient : quotient;
};
const maxInt64 = 2n ** 63n - 1n;
const fitsInt64 = (value: bigint) => value === BigInt.asIntN(64, value);

/** The value at a scale no finer than 10^floor, rounded up; values far below it become ±1 of it. */
function atLeast(mantissa: bigint, exponent: number, floor: number, digits: number): {mantissa: bigint; exponent: number} {
	if (exponent >= floor) return {mantissa, exponent};
	const shift = floor - exponent;
	if (shift > digits + 1) return {mantissa: mantissa === 0n ? 0n : mantissa < 0n ? -1n : 1n, exponent: floor};
	return {mantissa: divideUp(mantissa, 10n ** BigInt(shift)), exponent: floor};
}

/** ParseQuantity: the int64 fast path when the digits fit, else an inf.Dec rounded up to nano. */
function parse(text: string): Quantity | undefined {
	if (text === '') return undefined;
	if (text === '0') return {mantissa: 0n, exponent: 0, int64: true, format: 'DecimalSI', text};
	const parts = split(text);
	const suffix = parts && interpret(parts.suffix);
	if (!parts || !suffix) return undefined;
	const {num, denom} = parts;
	const sign = parts.negative ? -1n : 1n;
	const digits = BigInt(num + denom);
	const length = (num + denom).length;
	if (suffix.base === 10) {
		const scale = suffix.exponent - denom.length;
		if (18 - length >= 0 && scale >= -9) {
			// The text is kept when canonical: scale a multiple of 3, no "000" tail, no leading zero.
			const canonical = scale % 3 === 0 && !(num + denom).endsWith('000') && (num + denom)[0] !== '0';
			return {mantissa: sign * digits, exponent: scale, int64: true, format: suffix.format, ...(canonical ? {text} : {})};
		}
		return {...atLeast(sign * digits, scale, -9, length), int64: false, format: suffix.format};
	}
	const power = 2n ** BigInt(suffix.exponent);
	if (denom === '' && 14 - num.length - (3 * suffix.exponent) / 10 >= 0 && fitsInt64(digits * power)) {
		const keep = suffix.exponent % 10 === 0 && (digits & 7n) !== 0n;
		return {mantissa: sign * digits * power, exponent: 0, int64: true, format: 'BinarySI', ...(keep ? {text} : {})};
	}
	const nano = divideUp(digits * power * 10n ** 9n, 10n ** BigInt(denom.length));
	// Capped at MaxInt64; under one, a binary quantity is shown in decimal.
	if (nano > maxInt64 * 10n ** 9n) return {mantissa: sign * maxInt64, exponent: 0, int64: false, format: 'BinarySI'};
	return {mantissa: sign * nano, exponent: -9, int64: false, format: nano < 10n ** 9n ? 'DecimalSI' : 'BinarySI'};
}

/** RoundUp(Milli): only a finer scale changes, and then String() is computed afresh. */
function roundUpToMilli(quantity: Quantity): Quantity {
	if (quantity.exponent >= -3) return quantity;
	const {text: _dropped, ...rest} = quantity;
	return {...rest, ...atLeast(quantity.mantissa, quantity.exponent, -3, abs(quantity.mantissa).toString().length)};
}

/**
 * MilliValue(): an inf.Dec wraps around int64; an int64Amount wraps when multiplied by 10, 100,
 * 1000, 10^6 or 10^9 and is 0 when a power of ten in steps overflows (positiveScaleInt64).
 */
function milliValue({mantissa, exponent, int64}: Quantity): bigint {
	const shift = exponent + 3;
	// 10^64 is a multiple of 2^64: nothing is left of the value in an int64.
	if (shift >= 64) return 0n;
	const exact = mantissa * 10n ** BigInt(shift);
	if (!int64 || [0, 1, 2, 3, 6, 9].includes(shift)) return BigInt.asIntN(64, exact);
	return fitsInt64(exact) ? exact : 0n;
}

/** CanonicalizeBytes: binary when whole and at least 1024, else decimal with an SI or exponent suffix. */
function canonical({mantissa, exponent, format}: Quantity): string {
	const whole = exponent >= 0 || mantissa % 10n ** BigInt(-exponent) === 0n;
	const value = exponent >= 0 ? mantissa * 10n ** BigInt(exponent) : mantissa / 10n ** BigInt(-exponent);
	if (format === 'BinarySI' && abs(value) >= 1024n && whole) {
		let [amount, times] = [value, 0];
		while (abs(amount) >= 1024n && amount % 1024n === 0n) [amount, times] = [amount / 1024n, times + 1];
		return `${amount}${binarySuffixes[times] ?? ''}`;
	}
	let [amount, power] = [mantissa, exponent];
	while (amount !== 0n && amount % 10n === 0n) [amount, power] = [amount / 10n, power + 1];
	while (((power % 3) + 3) % 3 !== 0) [amount, power] = [amount * 10n, power - 1];
	if (format === 'DecimalExponent') return `${amount}${power === 0 ? '' : `e${power}`}`;
	const si = Object.entries(decimalSuffixes).find(([, value]) => value === power)?.[0] ?? '';
	return `${amount}${si}`;
}

/**
 * The quantity's String() when its MilliValue() is not a multiple of 1000 (a fractional byte
 * count, to the apiserver), else undefined. Values ParseQuantity refuses are undefined too:
 * the apiserver would have refused the whole body before warning.
 */
export function fractionalByteValue(value: unknown): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const parsed = parse(String(value).trim());
	if (!parsed) return undefined;
	const quantity = roundUpToMilli(parsed);
	if (milliValue(quantity) % 1000n === 0n) return undefined;
	return quantity.text ?? canonical(quantity);
}
