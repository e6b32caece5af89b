import {EventEmitter} from 'node:events';
import {render} from 'ink';
import type {ReactElement} from 'react';

// ink-testing-library fixes the terminal at 100 columns and no rows; the browser's layout
// depends on both, so this renders into a fake terminal of a chosen size.

class FakeStdout extends EventEmitter {
	frames: string[] = [];
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
	resize(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	read = () => {
		const data = this.data;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

export function renderAt(tree: ReactElement, size: {columns: number; rows: number}) {
	const stdout = new FakeStdout(size.columns, size.rows);
	const stdin = new FakeStdin();
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new FakeStdout(size.columns, size.rows) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		stdin,
		stdout,
		lastFrame: () => stdout.frames[stdout.frames.length - 1] ?? '',
		unmount: () => instance.unmount(),
		waitUntilExit: () => instance.waitUntilExit(),
	};
}

/** Wait until the rendered frame satisfies `check` (polling, not fixed sleeps). */
export async function frameWhere(lastFrame: () => string, check: (frame: string) => boolean, timeout = 5000): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const frame = lastFrame();
		if (check(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`frame never matched; last frame:\n${frame}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}
