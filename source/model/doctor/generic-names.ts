import {clean, entries, type Rule} from './types.js';

// The seed's "avoid" list: names that say nothing when you read a log prefix or an alert.

const generic = /^(container\d*|sidecar\d*|c\d+)$/i;

export const genericNames: Rule = {
	id: 'generic-name',
	check({pod}) {
		return entries(pod)
			.filter(entry => generic.test(entry.name))
			.map(entry => ({
				id: 'generic-name',
				severity: 'info' as const,
				title: `container name ${clean(entry.name)} says nothing about what it does`,
				evidence: [`${entry.path}.name: ${clean(entry.name)}`],
				fix: 'Name containers after their job (web-server, log-shipper, metrics-exporter): names show up in logs, events and alerts.',
				container: entry.name,
			}));
	},
};
