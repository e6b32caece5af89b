// What a simulated container does once it runs. Scenario files carry it per container
// under `x-sim` (stripped before the Pod is stored, so the API never shows it).

export type Behaviour = {
	/** Lines printed once, right after start, `startupEvery` seconds apart. */
	startup?: string[];
	startupEvery?: number;
	/** Lines printed over and over (cycled), one every `every` seconds. */
	logs?: {lines: string[]; every: number; stream?: 'stdout' | 'stderr'};
	/** Exit `after` seconds after start with `code`; `lines` are printed just before. */
	exit?: {after: number; code: number; lines?: string[]};
	/** Seconds after start until the readiness probe passes; 'never' keeps failing it. */
	readyAfter?: number | 'never';
	/** What a failing readiness probe reports (the Unhealthy event's message). */
	readyFailure?: string;
	/** Seconds after start until the startup probe passes. */
	startedAfter?: number;
	/** Ports bound in the Pod's shared network namespace, `listenAfter` seconds after start. */
	listen?: number[];
	listenAfter?: number;
	/** Ports it accepts on and closes straight away (a proxy whose backend is down). */
	closes?: number[];
	/** Connect to localhost:port `after` seconds after start; nobody serving → print `lines` and exit with `code`. */
	connect?: {port: number; after?: number; lines: string[]; code: number};
	/** Memory in MiB at start and its growth per second (an OOM kill follows the limit). */
	memory?: {startMi: number; growMiPerSecond?: number};
	/** CPU use in millicores (for metrics). */
	cpu?: number;
	/** false: the image has no shell (distroless). */
	shell?: boolean;
	/** Write `lines` lines of about `bytes` bytes at `rate` lines/s (0 = as fast as possible), then exit 0. */
	flood?: {lines: number; rate: number; bytes?: number};
};

const number = (value: unknown, field: string): number => {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new Error(`x-sim.${field}: expected a non-negative number, got ${JSON.stringify(value)}`);
	}
	return value;
};

const strings = (value: unknown, field: string): string[] => {
	if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
		throw new Error(`x-sim.${field}: expected a list of strings`);
	}
	return value as string[];
};

/** Validate a behaviour read from YAML, with errors that name the field. */
export function parseBehaviour(raw: unknown): Behaviour {
	if (raw === undefined || raw === null) return {};
	if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('x-sim: expected a mapping');
	const input = raw as Record<string, unknown>;
	const known = new Set(['startup', 'startupEvery', 'logs', 'exit', 'readyAfter', 'readyFailure', 'startedAfter', 'listen', 'listenAfter', 'closes', 'connect', 'memory', 'cpu', 'shell', 'flood']);
	for (const field of Object.keys(input)) {
		if (!known.has(field)) throw new Error(`x-sim: unknown field "${field}"`);
	}
	const behaviour: Behaviour = {};
	if (input.startup !== undefined) behaviour.startup = strings(input.startup, 'startup');
	if (input.startupEvery !== undefined) behaviour.startupEvery = number(input.startupEvery, 'startupEvery');
	if (input.logs !== undefined) {
		const logs = input.logs as Record<string, unknown>;
		behaviour.logs = {
			lines: strings(logs.lines, 'logs.lines'),
			every: number(logs.every ?? 1, 'logs.every'),
			stream: logs.stream === 'stderr' ? 'stderr' : 'stdout',
		};
	}
	if (input.exit !== undefined) {
		const exit = input.exit as Record<string, unknown>;
		behaviour.exit = {
			after: number(exit.after ?? 0, 'exit.after'),
			code: number(exit.code ?? 0, 'exit.code'),
			lines: exit.lines === undefined ? undefined : strings(exit.lines, 'exit.lines'),
		};
	}
	if (input.readyAfter !== undefined) {
		behaviour.readyAfter = input.readyAfter === 'never' ? 'never' : number(input.readyAfter, 'readyAfter');
	}
	if (input.readyFailure !== undefined) behaviour.readyFailure = String(input.readyFailure);
	if (input.startedAfter !== undefined) behaviour.startedAfter = number(input.startedAfter, 'startedAfter');
	if (input.listen !== undefined) {
		behaviour.listen = (Array.isArray(input.listen) ? input.listen : [input.listen]).map(port => number(port, 'listen'));
	}
	if (input.closes !== undefined) {
		behaviour.closes = (Array.isArray(input.closes) ? input.closes : [input.closes]).map(port => number(port, 'closes'));
	}
	if (input.listenAfter !== undefined) behaviour.listenAfter = number(input.listenAfter, 'listenAfter');
	if (input.connect !== undefined) {
		const connect = input.connect as Record<string, unknown>;
		behaviour.connect = {
			port: number(connect.port, 'connect.port'),
			after: connect.after === undefined ? 0 : number(connect.after, 'connect.after'),
			lines: connect.lines === undefined ? [] : strings(connect.lines, 'connect.lines'),
			code: number(connect.code ?? 1, 'connect.code'),
		};
	}
	if (input.memory !== undefined) {
		const memory = input.memory as Record<string, unknown>;
		behaviour.memory = {
			startMi: number(memory.startMi ?? 0, 'memory.startMi'),
			growMiPerSecond: memory.growMiPerSecond === undefined ? 0 : number(memory.growMiPerSecond, 'memory.growMiPerSecond'),
		};
	}
	if (input.cpu !== undefined) behaviour.cpu = number(input.cpu, 'cpu');
	if (input.shell !== undefined) behaviour.shell = Boolean(input.shell);
	if (input.flood !== undefined) {
		const flood = input.flood as Record<string, unknown>;
		behaviour.flood = {
			lines: number(flood.lines ?? 100_000, 'flood.lines'),
			rate: number(flood.rate ?? 0, 'flood.rate'),
			bytes: flood.bytes === undefined ? 120 : number(flood.bytes, 'flood.bytes'),
		};
	}
	return behaviour;
}

/** Fill `{n}`, `{pod}`, `{container}`, `{ip}`, `{clock}` in a log line template. */
export function renderLine(template: string, vars: {n: number; pod: string; container: string; ip: string; now: number}): string {
	if (!template.includes('{')) return template;
	return template.replace(/\{(n|pod|container|ip|clock|iso)\}/g, (_, name: string) => {
		switch (name) {
			case 'n':
				return String(vars.n);
			case 'pod':
				return vars.pod;
			case 'container':
				return vars.container;
			case 'ip':
				return vars.ip;
			case 'iso':
				return new Date(vars.now).toISOString();
			default:
				return new Date(vars.now).toISOString().slice(11, 19);
		}
	});
}
