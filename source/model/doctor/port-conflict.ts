import {clean, entries, exitText, lastExit, listNames, logEvidence, type Rule} from './types.js';

// Containers of a pod share one network namespace: two that bind the same port cannot both
// run, and the loser dies with "address already in use".

const addressInUse = /address already in use|EADDRINUSE|bind: .*in use/i;

export const portConflict: Rule = {
	id: 'port-conflict',
	check(input) {
		const all = entries(input.pod).filter(entry => entry.role !== 'init');
		const declared = new Map<string, Array<{name: string; evidence: string}>>();
		for (const entry of all) {
			(entry.spec.ports ?? []).forEach((port, index) => {
				const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
				const list = declared.get(key) ?? [];
				list.push({name: entry.name, evidence: `${entry.path}.ports[${index}].containerPort: ${port.containerPort}`});
				declared.set(key, list);
			});
		}
		const failed = all.filter(entry =>
			[...(input.logs?.previous?.[entry.name] ?? []), ...(input.logs?.current?.[entry.name] ?? [])].some(line => addressInUse.test(line)),
		);
		const findings = [];
		for (const [port, owners] of declared) {
			const names = [...new Set(owners.map(owner => owner.name))];
			if (names.length < 2) continue;
			const losers = failed.filter(entry => names.includes(entry.name));
			const evidence = owners.map(owner => owner.evidence);
			for (const loser of losers) {
				const exit = lastExit(loser.status);
				if (exit) evidence.push(`${loser.statusPath}.${exit.path}: ${exitText(exit)}`);
				evidence.push(...logEvidence(input, loser.name, 'previous', 2).filter(line => addressInUse.test(line)));
			}
			findings.push({
				id: 'port-conflict',
				severity: losers.length > 0 ? ('error' as const) : ('warning' as const),
				title:
					losers.length > 0
						? `${listNames(losers.map(entry => clean(entry.name)))} cannot bind port ${port}: ${listNames(names.map(clean))} ${names.length === 2 ? 'both' : 'all'} declare it, and containers of a pod share one network namespace`
						: `${listNames(names.map(clean))} declare the same containerPort ${port}`,
				evidence,
				fix: `Give each container its own port (e.g. ${names
					.slice(1)
					.map((name, index) => `${clean(name)} on ${Number.parseInt(port, 10) + index + 1}`)
					.join(', ')}) in both its ports and its listen address.`,
				...(losers[0] ? {container: losers[0].name} : {}),
			});
		}
		// A container that dies with address-in-use on a port nobody declared twice.
		for (const entry of failed) {
			if (findings.some(finding => finding.container === entry.name)) continue;
			findings.push({
				id: 'port-conflict',
				severity: 'error' as const,
				title: `${clean(entry.name)} fails with "address already in use": another container of the pod binds its port`,
				evidence: logEvidence(input, entry.name, 'previous', 3).filter(line => addressInUse.test(line)),
				fix: "Find which container listens on that port (every container shares the pod's network namespace) and move one of them to another port.",
				container: entry.name,
			});
		}
		return findings;
	},
};
