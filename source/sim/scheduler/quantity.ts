// Resource quantities as the scheduler counts them: cpu in millicores (Quantity.MilliValue),
// everything else in whole units (Quantity.Value), both rounded up, as
// framework.Resource.Add does with the values of k8s.io/apimachinery pkg/api/resource.

const decimal: Record<string, number> = {'': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18};
const binary: Record<string, number> = {Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60};

/** The exact value as a fraction, or undefined for text ParseQuantity refuses. */
function fraction(text: string): {numerator: bigint; denominator: bigint} | undefined {
	const match = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*|[eE][+-]?\d+)$/.exec(text.trim());
	if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
	const [, sign, whole = '', part = '', suffix = ''] = match;
	let numerator = BigInt(`${whole}${part}` || '0') * (sign === '-' ? -1n : 1n);
	let denominator = 10n ** BigInt(part.length);
	let exponent10 = 0;
	if (Object.hasOwn(decimal, suffix)) exponent10 = decimal[suffix]!;
	else if (Object.hasOwn(binary, suffix)) numerator *= 2n ** BigInt(binary[suffix]!);
	else if (/^[eE][+-]?\d+$/.test(suffix)) exponent10 = Number(suffix.slice(1));
	else return undefined;
	if (exponent10 >= 0) numerator *= 10n ** BigInt(exponent10);
	else denominator *= 10n ** BigInt(-exponent10);
	return {numerator, denominator};
}

const ceilDivide = (numerator: bigint, denominator: bigint) => {
	const quotient = numerator / denominator;
	return numerator % denominator > 0n ? quotient + 1n : quotient;
};

/** A quantity in the unit the scheduler keeps the resource in: millicores for cpu, else units. */
export function schedulerValue(resource: string, text: string | number | undefined): bigint {
	if (text === undefined) return 0n;
	const parsed = fraction(String(text));
	if (!parsed) return 0n;
	const scale = resource === 'cpu' ? 1000n : 1n;
	return ceilDivide(parsed.numerator * scale, parsed.denominator);
}

/** The node flags of `podscope sim`: quantities the API would accept, a whole pod count. */
export function nodeFlagError(cpu: string, memory: string, maxPods: number): string | undefined {
	for (const [flag, value] of [
		['--node-cpu', cpu],
		['--node-memory', memory],
	] as const) {
		const parsed = fraction(value);
		if (!parsed || parsed.numerator < 0n) return `${flag} must be a quantity such as 4, 500m, 16Gi; got ${JSON.stringify(value)}`;
	}
	if (!Number.isInteger(maxPods) || maxPods < 0) return `--node-max-pods must be a whole number, got ${maxPods}`;
	return undefined;
}
