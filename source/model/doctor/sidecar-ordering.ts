import {clean, entries, type Entry, exitText, isCrashLooping, lastExit, type Rule} from './types.js';

// A main container that dials localhost:PORT served by another regular container has no
// guarantee that the helper is up: regular containers start together. A native sidecar
// (an init container with restartPolicy: Always and a startupProbe) is started, and probed,
// before the app. When the helper is up and still refuses, its own log names the culprit.

const dial = /(?:localhost|127\.0\.0\.1|\[::1\]):(\d{2,5})/g;
const failure = /refused|closed|reset|timeout|timed out|could not connect|unavailable|unreachable|no route|EOF|FATAL|error/i;
const trouble = /DOWN|ALERT|ERROR|error|fail|refused|no server available|unavailable|timeout/;

function dialledPorts(lines: string[]): Map<number, string> {
	const ports = new Map<number, string>();
	for (const line of lines) {
		if (!failure.test(line)) continue;
		for (const match of line.matchAll(dial)) ports.set(Number(match[1]), line);
	}
	return ports;
}

export const regularSidecarDependency: Rule = {
	id: 'sidecar-ordering',
	check(input) {
		const all = entries(input.pod);
		const mains = all.filter(entry => entry.role === 'main');
		const findings = [];
		for (const app of mains) {
			const restarted = isCrashLooping(app, input.pod.spec.restartPolicy) || (app.status?.restartCount ?? 0) > 0;
			if (!restarted) continue;
			const lines = [...(input.logs?.previous?.[app.name] ?? []), ...(input.logs?.current?.[app.name] ?? [])];
			for (const [port, line] of dialledPorts(lines)) {
				const helper = mains.find(entry => entry !== app && entry.spec.ports?.some(item => item.containerPort === port));
				if (helper) findings.push(finding(input, app, helper, port, line));
			}
		}
		return findings;
	},
};

function finding(input: Parameters<Rule['check']>[0], app: Entry, helper: Entry, port: number, line: string) {
	const exit = lastExit(app.status);
	const portIndex = helper.spec.ports!.findIndex(item => item.containerPort === port);
	const helperReady = helper.status?.ready === true;
	const helperTrouble = (input.logs?.current?.[helper.name] ?? []).filter(item => trouble.test(item)).slice(-2);
	const evidence = [
		`log ${clean(app.name)}: ${clean(line.trim())}`,
		...(exit ? [`${app.statusPath}.${exit.path}: ${exitText(exit)}`] : []),
		`${app.statusPath}.restartCount: ${app.status?.restartCount ?? 0}`,
		`${helper.path}.ports[${portIndex}].containerPort: ${port}`,
		`${helper.statusPath}.ready: ${helperReady}`,
		...helperTrouble.map(item => `log ${clean(helper.name)} (current): ${clean(item.trim())}`),
	];
	const native = `Declare ${clean(helper.name)} as a native sidecar: move it to initContainers with restartPolicy: Always and a startupProbe on :${port}, so ${clean(app.name)} starts only once it is up.`;
	// "closed"/"reset" means something accepted the connection: the helper runs, what is behind it does not.
	const accepted = /closed|reset|EOF|broken pipe/i.test(line);
	const backend = helperReady && (accepted || helperTrouble.length > 0);
	const title = backend
		? `${clean(app.name)} crash-loops: ${clean(helper.name)} on localhost:${port} is up but cannot reach its backend, so ${clean(app.name)}'s connections fail`
		: `${clean(app.name)} crash-loops dialling localhost:${port} before ${clean(helper.name)} serves it: regular containers start with no order`;
	const helperSays = helperTrouble.length > 0 ? ` (its log: "${clean(helperTrouble.at(-1)!.trim())}")` : '';
	const fix = backend
		? `Fix ${clean(helper.name)}'s backend first${helperSays}; consider a readiness probe that checks the backend, and retries in ${clean(app.name)}. ${native}`
		: native;
	return {id: 'sidecar-ordering', severity: 'error' as const, title, evidence, fix, container: app.name};
}
