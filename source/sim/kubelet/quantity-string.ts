// resource.Quantity's String() for whole numbers of bytes: the canonical form, with the
// largest suffix that keeps the value exact (apimachinery pkg/api/resource, CanonicalizeBytes).

const binary: Array<[string, number]> = [
	['Ei', 2 ** 60],
	['Pi', 2 ** 50],
	['Ti', 2 ** 40],
	['Gi', 2 ** 30],
	['Mi', 2 ** 20],
	['Ki', 2 ** 10],
];
const decimal: Array<[string, number]> = [
	['E', 1e18],
	['P', 1e15],
	['T', 1e12],
	['G', 1e9],
	['M', 1e6],
	['k', 1e3],
];

/** `bytes` as a BinarySI ("10Mi", "89564Ki") or DecimalSI ("10M") quantity; 0 is "0". */
export function quantityString(bytes: number, format: 'binary' | 'decimal' = 'binary'): string {
	const value = Math.round(bytes);
	if (value === 0) return '0';
	for (const [suffix, factor] of format === 'binary' ? binary : decimal) {
		if (value % factor === 0) return `${value / factor}${suffix}`;
	}
	return String(value);
}

/** The format a quantity was written in: binary suffixes stay binary, anything else is decimal. */
export const formatOf = (text: string | undefined): 'binary' | 'decimal' => (/[KMGTPE]i$/.test(text ?? '') ? 'binary' : 'decimal');
