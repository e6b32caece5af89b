import {formatBytes} from '../usage-format.js';
import {parseQuantity} from '../quantity.js';
import {clean, entries, eventEvidence, type Rule} from './types.js';

// OOMKilled: the container used more memory than its limit allowed. The limit and the peak
// usage, side by side, tell whether the limit is too low or the container leaks.

export const oomKilled: Rule = {
	id: 'oom-killed',
	check(input) {
		return entries(input.pod)
			.filter(entry => entry.status?.lastState?.terminated?.reason === 'OOMKilled' || entry.status?.state?.terminated?.reason === 'OOMKilled')
			.map(entry => {
				const path = entry.status?.state?.terminated?.reason === 'OOMKilled' ? 'state' : 'lastState';
				const limitText = entry.spec.resources?.limits?.memory;
				const limit = parseQuantity(limitText);
				const peak = input.peakMemory?.[entry.name];
				const evidence = [
					`${entry.statusPath}.${path}.terminated.reason: OOMKilled (exit 137)`,
					`${entry.statusPath}.restartCount: ${entry.status?.restartCount ?? 0}`,
					`${entry.path}.resources.limits.memory: ${limitText ? clean(limitText) : '<unset>'}`,
					peak !== undefined
						? `metrics: peak memory ${formatBytes(peak)}${limit ? ` (${Math.round((peak / limit) * 100)}% of the limit)` : ''}`
						: 'metrics: peak memory unknown (no metrics.k8s.io, or not watched long enough)',
					...eventEvidence(input, entry, /BackOff|OOM/),
				];
				const suggestion = limit ? formatBytes(Math.max(limit * 2, (peak ?? 0) * 1.5)) : undefined;
				return {
					id: 'oom-killed',
					severity: 'error' as const,
					title: `${clean(entry.name)} was OOMKilled${limitText ? `: its memory limit is ${clean(limitText)}` : ''}${peak !== undefined ? `, peak seen ${formatBytes(peak)}` : ''}`,
					evidence,
					fix: limit
						? `Raise ${clean(entry.name)}'s memory limit (e.g. to ${suggestion}) if its working set is legitimately that large, or bound its buffers (a log collector: cap its in-memory buffer) if it grows without end.`
						: 'The node ran out of memory: set a memory request and limit so the scheduler reserves what it needs.',
					container: entry.name,
				};
			});
	},
};
