// Stable colours per container, like stern's: a hash of the name picks the colour, so the
// same container has the same colour in every view and every run; within one view, a
// collision moves to the next free colour so two sources never look alike.

export const inkPalette = [
	'cyan',
	'green',
	'yellow',
	'magenta',
	'blue',
	'red',
	'cyanBright',
	'greenBright',
	'yellowBright',
	'magentaBright',
	'blueBright',
	'redBright',
] as const;
export const ansiPalette = [36, 32, 33, 35, 34, 31, 96, 92, 93, 95, 94, 91];

/** FNV-1a, 32 bit. */
export function colorIndex(name: string, size = inkPalette.length): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < name.length; index++) {
		hash ^= name.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash % size;
}

/** A palette index per key, distinct while there are colours left. */
export function assignColors(keys: readonly string[], size = inkPalette.length): Map<string, number> {
	const result = new Map<string, number>();
	const used = new Set<number>();
	for (const key of keys) {
		let index = colorIndex(key, size);
		for (let step = 0; step < size && used.has(index); step++) index = (index + 1) % size;
		used.add(index);
		result.set(key, index);
		if (used.size === size) used.clear();
	}
	return result;
}
