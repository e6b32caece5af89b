// The README's pictures, each as the keys a person presses from the pod list and what must be
// on screen before the picture is taken. They run one after another in one podscope session
// against the sim's built-in scenarios (the same pods as `podscope --demo`), in an order that
// lets the cluster get where the pictures need it: sidecar-startup-stuck's proxy is killed for
// its startup probe about 20 s in, and again some 30 s later, so the timeline and the doctor
// come after the logs, and the pod list last (by then the doctor's mark beside the pod is an
// error). About a minute in all.
import type {Terminal} from './terminal.ts';

export type Shot = {
	/** The file name under docs/screens/, without .svg. */
	name: string;
	/** What the picture shows: the SVG's title, and the README's alt text. */
	title: string;
	/** From the pod list to the screen, waiting until it shows what the picture is for. */
	reach(terminal: Terminal): Promise<void>;
	/** Back to the pod list. */
	leave(terminal: Terminal): Promise<void>;
};

/** Lines of the screen. */
const lines = (screen: string) => screen.split('\n');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pod list's selected row is `name` (the row starts `▸`, then the doctor's mark, then the
 * name, whole or cut with "…" where STATUS and RESTARTS need the room).
 */
export function selectedPod(screen: string, name: string): boolean {
	const row = new RegExp(`^│▸.?${escapeRegExp(name)}\\s`);
	const cut = /^│▸.?(\S+)…\s/;
	return lines(screen).some(line => row.test(line) || ((cut.exec(line)?.[1]?.length ?? 0) >= 8 && name.startsWith(cut.exec(line)![1]!)));
}

/** The pod list is up, live, with its pods. */
export async function podList(terminal: Terminal, timeout = 20_000): Promise<void> {
	await terminal.waitFor('the pod list', screen => /● live/.test(screen) && /Pods \(\d+\)/.test(screen), timeout);
}

/** Select a pod as a person would: `/`, its name, ⏎ (the list narrows to it), esc (the whole list again, the pod still selected). */
export async function selectPod(terminal: Terminal, name: string): Promise<void> {
	terminal.type(`/${name}`);
	terminal.keys('Enter');
	await terminal.waitFor(`${name} selected in the filtered list`, screen => selectedPod(screen, name) && screen.includes(`/${name}`));
	terminal.keys('Escape');
	await terminal.waitFor(`${name} selected in the whole list`, screen => selectedPod(screen, name) && /Pods \(\d+\)/.test(screen));
}

/** esc, then wait for the pod list without what `shown` recognises of the screen left. */
function back(shown: RegExp): Shot['leave'] {
	return async terminal => {
		terminal.keys('Escape');
		await terminal.waitFor('the pod list', screen => /Pods \(\d+\)/.test(screen) && !shown.test(screen));
	};
}

/** How many lines of the screen contain `text`. */
export function count(screen: string, text: string): number {
	return lines(screen).filter(line => line.includes(text)).length;
}

export const logsShot: Shot = {
	name: 'logs',
	title: 'podscope: the logs of web-with-logging’s nginx and its fluentd log shipper side by side, each pane following its container',
	async reach(terminal) {
		await selectPod(terminal, 'web-with-logging');
		terminal.keys('L');
		await terminal.waitFor(
			'both containers’ logs side by side, a dozen nginx lines',
			screen => /web-app ● following/.test(screen) && /log-shipper ● following/.test(screen) && count(screen, '"GET ') >= 12 && count(screen, 'shipped') >= 4,
			40_000,
		);
	},
	leave: back(/● following/),
};

export const timelineShot: Shot = {
	name: 'timeline',
	title:
		'podscope: the startup timeline of sidecar-startup-stuck: the istio-proxy native sidecar waits on its startup probe, is killed and restarted, and the app waits behind it in PodInitializing',
	async reach(terminal) {
		await selectPod(terminal, 'sidecar-startup-stuck');
		terminal.keys('t');
		await terminal.waitFor(
			'the timeline with two restarts of istio-proxy',
			screen => screen.includes('timeline sidecar-startup-stuck') && /sidecar istio-proxy .*↻.*↻/.test(screen) && /restarted 2 times/.test(screen),
			90_000,
		);
	},
	leave: back(/timeline sidecar-startup-stuck/),
};

export const doctorShot: Shot = {
	name: 'doctor',
	title:
		'podscope: the doctor on sidecar-startup-stuck: the native sidecar istio-proxy never passes its startup probe because nothing listens on port 15021, with the evidence and the fix',
	async reach(terminal) {
		await selectPod(terminal, 'sidecar-startup-stuck');
		terminal.keys('x');
		await terminal.waitFor(
			'the doctor’s diagnosis of the startup probe',
			screen =>
				screen.includes('doctor sidecar-startup-stuck') &&
				screen.includes('never passes its startup probe, killed 2 times') &&
				screen.includes('→ fix: Nothing listens on :15021'),
			90_000,
		);
	},
	leave: back(/doctor sidecar-startup-stuck/),
};

export const podsShot: Shot = {
	name: 'pods',
	title:
		'podscope: the pod list with the doctor’s marks, and the containers of sidecar-startup-stuck in start order: the istio-proxy native sidecar running but not started, the app waiting in PodInitializing',
	async reach(terminal) {
		await selectPod(terminal, 'sidecar-startup-stuck');
		terminal.keys('Enter');
		await terminal.waitFor(
			'the containers of sidecar-startup-stuck, istio-proxy running',
			screen => /▸sidecar\s+istio-proxy\s+. Running/.test(screen) && /\bapp\s+. Waiting: PodInitial/.test(screen),
			60_000,
		);
	},
	leave: back(/▸sidecar/),
};

/** In the order they are taken (see the top of this file). */
export const shots: Shot[] = [logsShot, timelineShot, doctorShot, podsShot];
