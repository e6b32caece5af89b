// Kubernetes resource quantities ("64Mi", "250m", "1G", "0.5") as numbers.

const binary: Record<string, number> = {Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60};
const decimal: Record<string, number> = {n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18};

export function parseQuantity(value: string | number | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value === 'number') return value;
	const match = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(value.trim());
	if (!match) return undefined;
	const amount = Number(match[1]);
	const suffix = match[2]!;
	const factor = binary[suffix] ?? decimal[suffix];
	return factor === undefined || Number.isNaN(amount) ? undefined : amount * factor;
}

export const mebibytes = (value: string | undefined) => {
	const bytes = parseQuantity(value);
	return bytes === undefined ? undefined : bytes / 2 ** 20;
};
