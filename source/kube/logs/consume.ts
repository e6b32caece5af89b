// How a log response body is read: see consume().

/**
 * Read a body chunk by chunk. A Node stream is read with 'data' events, handled synchronously
 * unless the handler returns a promise (back-pressure: the stream pauses until it settles):
 * an async iterator costs a promise per chunk, which showed in a log flood. The handler
 * returns false to stop reading.
 */
export async function consume(body: AsyncIterable<Uint8Array>, handle: (chunk: Uint8Array) => void | false | Promise<void>): Promise<void> {
	const stream = body as Partial<NodeJS.ReadableStream> & AsyncIterable<Uint8Array>;
	if (typeof stream.on !== 'function' || typeof stream.pause !== 'function') {
		for await (const chunk of body) {
			const result = handle(chunk);
			if (result === false) return;
			if (result) await result;
		}
		return;
	}
	const readable = stream as NodeJS.ReadableStream & {destroy?(): void};
	await new Promise<void>((resolve, reject) => {
		let done = false;
		const finish = (error?: unknown) => {
			if (done) return;
			done = true;
			readable.off('data', onData);
			readable.off('end', onEnd);
			readable.off('error', onError);
			readable.off('close', onClose);
			if (error) reject(error);
			else resolve();
		};
		const onData = (chunk: Uint8Array) => {
			let result: void | false | Promise<void>;
			try {
				result = handle(chunk);
			} catch (error) {
				finish(error);
				return;
			}
			if (result === false) {
				readable.destroy?.();
				finish();
			} else if (result) {
				readable.pause();
				result.then(() => readable.resume(), finish);
			}
		};
		const onEnd = () => finish();
		const onError = (error: unknown) => finish(error);
		// A socket destroyed mid-stream closes without 'end': that is a broken stream.
		const onClose = () => finish(new Error('aborted'));
		readable.on('data', onData);
		readable.on('end', onEnd);
		readable.on('error', onError);
		readable.on('close', onClose);
	});
}
