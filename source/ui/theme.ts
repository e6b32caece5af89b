// Colours, or none at all under NO_COLOR / --no-color: every colour in the TUI comes from here.

export type Theme = {
	accent?: string;
	ok?: string;
	warn?: string;
	error?: string;
	dim: boolean;
	color: boolean;
};

export function makeTheme(color: boolean): Theme {
	if (!color) return {dim: false, color: false};
	return {accent: 'cyan', ok: 'green', warn: 'yellow', error: 'red', dim: true, color: true};
}

export function colorEnabled(env: NodeJS.ProcessEnv, flag?: boolean): boolean {
	if (flag === false) return false;
	return env.NO_COLOR === undefined || env.NO_COLOR === '';
}

/** The colour a kubectl status string deserves. */
export function statusColor(theme: Theme, status: string): string | undefined {
	if (/^(Running|Completed|Succeeded)$/.test(status)) return theme.ok;
	if (/Init:\d+\/\d+|Pending|PodInitializing|ContainerCreating|Terminating|NotReady/.test(status)) return theme.warn;
	return theme.error;
}
