import type {Writable} from 'node:stream';

// Lines typed at the terminal for an interactive credential plugin that reads a pipe (see
// PluginHost.stdinStream): the terminal goes raw, so nothing typed is echoed (most of what
// such plugins ask for is a password or a one-time code), and each line goes to the plugin
// when Enter is pressed. Backspace edits, Ctrl-C stops the plugin, Ctrl-D ends its input.

/** Forward `input`'s lines to `target` until the returned stop is called; `feedback` gets the newlines. */
export function forwardLines(input: NodeJS.ReadStream, target: Writable, feedback: Writable, interrupt: () => void): () => void {
	const wasRaw = input.isRaw === true;
	if (input.isTTY) input.setRawMode(true);
	target.on('error', () => {});
	let line = '';
	const take = (text: string) => {
		for (const char of text) {
			if (char === '\r' || char === '\n') {
				target.write(`${line}\n`);
				line = '';
				feedback.write('\r\n');
			} else if (char === '\u007f' || char === '\b') line = line.slice(0, -1);
			else if (char === '\u0003') interrupt();
			else if (char === '\u0004') target.end();
			else if (char >= ' ') line += char;
		}
	};
	const onReadable = () => {
		for (let chunk = input.read() as Buffer | string | null; chunk !== null; chunk = input.read() as Buffer | string | null) take(chunk.toString());
	};
	input.on('readable', onReadable);
	onReadable();
	return () => {
		input.off('readable', onReadable);
		if (input.isTTY) input.setRawMode(wasRaw);
	};
}
