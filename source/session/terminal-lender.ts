import type {Suspend} from './shell-actions.js';

// An exec credential plugin in interactive mode (a password, an MFA code, a device login)
// needs the terminal, which the TUI owns. The plugin host asks the lender; once the UI is up
// it has attached Ink's suspendTerminal, so the screen steps aside while the plugin runs and
// comes back after. Before the UI is up the terminal is still the plugin's to use.

export class TerminalLender {
	private suspend?: Suspend;

	/** The UI's way to step aside; returns the detach. */
	attach(suspend: Suspend): () => void {
		this.suspend = suspend;
		return () => {
			if (this.suspend === suspend) this.suspend = undefined;
		};
	}

	async lend<T>(run: () => Promise<T>): Promise<T> {
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
