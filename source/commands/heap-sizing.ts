import {PerformanceObserver} from 'node:perf_hooks';
import v8 from 'node:v8';

// How large V8 lets the TUI's heap grow. Node's defaults are a server's: memory is there to be
// used for throughput. A TUI beside kubectl on a k3s node should hold what it needs and little
// more. Flags set after the heap is made: only those V8 reads again at each resize.

const setFlags = (text: string) => v8.setFlagsFromString(text);

// V8 sizes its young generation for a server: on a machine with memory to spare it doubles
// each semi-space, after scavenges where much survived, up to 64 MB (128 MB for the two). The
// TUI's first list is thousands of pods that all survive their first scavenges, so the young
// generation grew to its largest and stayed resident: 128 MB of a ~330 MB peak RSS measured
// with 5,000 pods, for a live heap under 100 MB. --max-semi-space-size would cap it, but it is read
// once, when the heap is made, and podscope runs as `node podscope.js` (and as npm's shim) with
// no say over Node's flags. The growth factor is read at every resize: once the young
// generation reaches half of `maxMb` (both semi-spaces), it stops growing. CPU profiles of the
// 5,000-pod run put the collector's time at about the same milliseconds either way (2.2 s and
// 2.3 s): what a small young generation scavenges more often, it copies less of each time.

const newSpaceMb = () => (v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0) / 2 ** 20;

/** Let V8's young generation grow as it would, up to `maxMb`; returns whether it is capped already. */
export function capYoungGeneration(maxMb: number, flags: (text: string) => void = setFlags): boolean {
	if (newSpaceMb() >= maxMb) {
		flags('--semi-space-growth-factor=1');
		return true;
	}
	// A scavenge that doubles it is seen after the fact: stop one doubling early, so that the
	// young generation ends between maxMb / 2 and maxMb.
	const observer = new PerformanceObserver(() => {
		if (newSpaceMb() * 2 < maxMb) return;
		flags('--semi-space-growth-factor=1');
		observer.disconnect();
	});
	observer.observe({entryTypes: ['gc']});
	return false;
}

// After each full collection V8 lets the old generation grow to a multiple of what survived it
// before the next one: up to 4× for a fast-allocating program. The 5,000-pod list keeps ~60 MB,
// and its old generation rose past 100 MB of mostly garbage between collections (RSS 250 MB in
// the bench's 15 s). At 1.5× (heap-growing-percent=50), RSS stayed under 210 MB; the
// collector's share of the CPU profile was about the same (16% against 17%, under load).

/** Let the old generation grow to (1 + percent/100) times what survived the last full collection. */
export function limitHeapGrowth(percent: number, flags: (text: string) => void = setFlags): void {
	flags(`--heap-growing-percent=${percent}`);
}
