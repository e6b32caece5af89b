// The alias budget of the YAML decoder kubectl reads kubeconfigs with (sigs.k8s.io/yaml over
// go-yaml v2, decode.go): every node decoded counts, every node decoded inside an alias counts
// as alias-driven, and once more than 100 alias-driven decodes out of more than 1,000 exceed
// the allowed ratio the document is refused. js-yaml shares an anchored object between its
// aliases instead of copying it, so parsing a "billion laughs" document is cheap; the cost
// comes later, when the shared tree is serialised (client-node gets the kubeconfig as JSON).
// Walking the tree in document order as go-yaml decodes it finds the same documents and
// stops as soon as the budget is exceeded, so the walk itself stays small.

export const excessiveAliasing = 'yaml: document contains excessive aliasing';

const rangeLow = 400_000;
const rangeHigh = 4_000_000;

/** go-yaml's allowedAliasRatio: 99 % for small documents, scaling down to 10 % for very large ones. */
export function allowedAliasRatio(decodeCount: number): number {
	if (decodeCount <= rangeLow) return 0.99;
	if (decodeCount >= rangeHigh) return 0.1;
	return 0.99 - 0.89 * ((decodeCount - rangeLow) / (rangeHigh - rangeLow));
}

class ExcessiveAliasing extends Error {}

/**
 * Whether a parsed document stays within go-yaml's alias budget. An object met a second time
 * is an alias of the first; scalars behind aliases are counted as plain nodes (js-yaml gives
 * no way to tell them apart), which only makes the budget looser, never stricter.
 */
export function withinAliasBudget(document: unknown): boolean {
	const seen = new Set<object>();
	let decodes = 0;
	let aliased = 0;
	const count = (aliasDepth: number) => {
		decodes += 1;
		if (aliasDepth > 0) aliased += 1;
		if (aliased > 100 && decodes > 1000 && aliased / decodes > allowedAliasRatio(decodes)) throw new ExcessiveAliasing();
	};
	const walk = (node: unknown, aliasDepth: number): void => {
		if (node === null || typeof node !== 'object') {
			count(aliasDepth);
			return;
		}
		const depth = seen.has(node) ? aliasDepth + 1 : aliasDepth;
		seen.add(node);
		count(depth);
		if (Array.isArray(node)) {
			for (const item of node) walk(item, depth);
			return;
		}
		for (const [, value] of Object.entries(node)) {
			// The key is a node of its own.
			count(depth);
			walk(value, depth);
		}
	};
	try {
		walk(document, 0);
		return true;
	} catch (error) {
		if (error instanceof ExcessiveAliasing) return false;
		throw error;
	}
}
