import {PassThrough, Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {forwardLines} from '../../source/kube/plugin-input.js';

// The terminal input of an interactive credential plugin in the TUI: lines without echo.

function sink() {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _encoding, done) {
			text += chunk.toString();
			done();
		},
	});
	return {stream, text: () => text};
}

function fakeTerminal() {
	const input = new PassThrough() as PassThrough & {isTTY: boolean; isRaw: boolean; setRawMode(raw: boolean): void};
	input.isTTY = true;
	input.isRaw = false;
	input.setRawMode = raw => {
		input.isRaw = raw;
	};
	return input;
}

describe('lines typed for a plugin', () => {
	it('go to the plugin on Enter, edited by backspace, and nothing typed is echoed', async () => {
		const input = fakeTerminal();
		const target = sink();
		const feedback = sink();
		const stop = forwardLines(input as unknown as NodeJS.ReadStream, target.stream, feedback.stream, () => {});
		expect(input.isRaw).toBe(true);
		input.write('sesamx\u007fe\r');
		input.write('123456\r');
		await new Promise(resolve => setImmediate(resolve));
		expect(target.text()).toBe('sesame\n123456\n');
		expect(feedback.text()).toBe('\r\n\r\n');
		stop();
		expect(input.isRaw).toBe(false);
		input.write('late\r');
		await new Promise(resolve => setImmediate(resolve));
		expect(target.text()).toBe('sesame\n123456\n');
	});

	it('stops the plugin on Ctrl-C and ends its input on Ctrl-D', async () => {
		const input = fakeTerminal();
		const target = new PassThrough();
		let interrupted = false;
		let ended = false;
		target.on('finish', () => {
			ended = true;
		});
		forwardLines(input as unknown as NodeJS.ReadStream, target, sink().stream, () => {
			interrupted = true;
		});
		input.write('\u0003');
		await new Promise(resolve => setImmediate(resolve));
		expect(interrupted).toBe(true);
		input.write('\u0004');
		target.resume();
		await new Promise(resolve => setImmediate(resolve));
		expect(ended).toBe(true);
	});
});
