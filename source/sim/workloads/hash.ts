import {randomBytes} from 'node:crypto';
import {canonical} from '../patch.js';
import type {PodTemplate} from './types.js';

// Names the controllers give what they create.

/** k8s.io/apimachinery pkg/util/rand: the alphabet without vowels and look-alikes. */
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each character of `text` mapped into the alphabet. */
export const safeEncodeString = (text: string) => [...text].map(char => alphanums[char.charCodeAt(0) % alphanums.length]).join('');

/** rand.String(n): what the apiserver appends to a generateName. */
export const randomString = (length: number) => [...randomBytes(length)].map(byte => alphanums[byte % alphanums.length]).join('');

/** FNV-1a, 32 bits, over UTF-8 bytes (hash/fnv New32a). */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
	let hash = seed;
	for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
	return hash;
}

/**
 * controller.ComputeHash (pkg/controller/controller_utils.go): FNV-32a of the template, then the
 * collision count as 8 little-endian bytes, the sum printed in decimal and safe-encoded. The
 * real controller hashes Go's dump of the template struct (hashutil.DeepHashObject), which
 * only Go can reproduce; the sim hashes the template's canonical JSON instead, so the same
 * template gets the same 8-to-10 character hash, and a changed one a new hash.
 */
export function computeHash(template: PodTemplate, collisionCount?: number): string {
	let hash = fnv32a(Buffer.from(canonical(template)));
	if (collisionCount !== undefined) {
		const extra = Buffer.alloc(8);
		extra.writeUInt32LE(collisionCount >>> 0, 0);
		hash = fnv32a(extra, hash);
	}
	return safeEncodeString(String(hash));
}
