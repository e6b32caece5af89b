import path from 'node:path';
import {eventually, type TestSim} from '../helpers/sim.js';
import {TmuxSession} from '../helpers/tmux.js';

// kubectl in a real terminal (tmux), as a person runs `exec -it` and `debug -it`: shared by the
// suites of every kubectl release and transport.

export type TerminalRun = {code: number; screen: string};

/** `exec -it POD -c C -- sh`: the shell starts at the window's size, follows a resize, then `exit 4`. */
export async function execInTerminal(sim: TestSim, binary: string, name: string, pod: string, container: string): Promise<TerminalRun> {
	const tmux = new TmuxSession(name, path.join(sim.dir, `${name}.status`));
	try {
		tmux.start(`'${binary}' --kubeconfig '${sim.kubeconfigPath}' exec -it ${pod} -c ${container} -- sh`, {columns: 120, rows: 40}, {KUBECONFIG: ''});
		await tmux.waitFor(screen => /^[#$] ?$/m.test(screen));
		tmux.type('stty size\n');
		await tmux.waitFor(screen => screen.includes('40 120'));
		tmux.resize(100, 30);
		// SIGWINCH reaches kubectl, which sends the size on the resize channel (or stream),
		// unordered with stdin: ask until the new size has landed.
		await eventually(
			() => {
				tmux.type('stty size\n');
				return tmux.screen().includes('30 100');
			},
			10_000,
			300,
		);
		tmux.type('exit 4\n');
		const {code} = await tmux.exitStatus();
		return {code, screen: tmux.screen()};
	} finally {
		tmux.kill();
	}
}

/** `debug -it POD --target=C`: attach to the debug shell, check its size and host name, then `exit 6`. */
export async function debugInTerminal(sim: TestSim, binary: string, name: string, pod: string, target: string): Promise<TerminalRun> {
	const tmux = new TmuxSession(name, path.join(sim.dir, `${name}.status`));
	try {
		tmux.start(
			`'${binary}' --kubeconfig '${sim.kubeconfigPath}' debug -it ${pod} --image=busybox:1.36 --target=${target}`,
			{columns: 110, rows: 35},
			{KUBECONFIG: ''},
		);
		await tmux.waitFor(screen => screen.includes("If you don't see a command prompt, try pressing enter."));
		tmux.keys('Enter');
		// An Enter that beats the shell's first prompt shows as two prompts on one line.
		await tmux.waitFor(screen => /^(?:[#$] ?)+$/m.test(screen));
		tmux.type('stty size; echo attached-$HOSTNAME\n');
		await tmux.waitFor(screen => screen.includes('35 110') && screen.includes(`attached-${pod}`));
		tmux.type('exit 6\n');
		const {code} = await tmux.exitStatus();
		return {code, screen: tmux.screen()};
	} finally {
		tmux.kill();
	}
}
