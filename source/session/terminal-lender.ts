import type {Suspend} from './shell-actions.js';

// An exec credential plugin in interactive mode (a password, an MFA code, a device login)
// needs the terminal, which the TUI owns. The plugin host asks the lender; once the UI is up
// it has attached Ink's suspendTerminal, so the screen steps aside while the plugin runs and
// comes back after. The first request is made before the UI is up: its plugin waits for the
// UI to attach, or Ink, starting meanwhile, would take the screen and the keys from its prompt.

export class TerminalLender {
	private suspend?: Suspend;
	private waiting: Array<() => void> = [];

	/** The UI's way to step aside; returns the detach. */
	attach(suspend: Suspend): () => void {
		this.suspend = suspend;
		for (const wake of this.waiting.splice(0)) wake();
		return () => {
			if (this.suspend === suspend) this.suspend = undefined;
		};
	}

	async lend<T>(run: () => Promise<T>): Promise<T> {
		if (!this.suspend) await new Promise<void>(resolve => this.waiting.push(resolve));
		const suspend = this.suspend;
		if (!suspend) return run();
		let result: {value: T} | {error: unknown} | undefined;
		await suspend(async () => {
			try {
				result = {value: await run()};
			} catch (error) {
				result = {error};
			}
		});
		if (!result) throw new Error('the terminal was not handed over');
		if ('error' in result) throw result.error;
		return result.value;
	}
}
