import type {Headers} from './header-block.js';
import {headerValue} from './header-block.js';

// One stream of a SPDY connection as the server sees it (moby/spdystream stream.go): opened by
// the client with SYN_STREAM, answered with SYN_REPLY, then data both ways until each side has
// sent FIN (its half-close), or either resets it.

/** What a stream needs from its connection. */
export interface StreamOwner {
	sendData(stream: SpdyStream, data: Buffer, fin: boolean, written?: (error?: Error | null) => void): void;
	sendReset(stream: SpdyStream, status: number): void;
	forget(stream: SpdyStream): void;
}

// io.Copy's buffer: the chunks the kubelet's copies write.
const chunkSize = 32 * 1024;

export class SpdyStream {
	/** The client has sent FIN or the stream/connection is gone: no more data will arrive. */
	remoteClosed = false;
	/** This side has sent FIN or reset: no more data may be written. */
	localClosed = false;
	private readonly dataListeners: Array<(data: Buffer) => void> = [];
	private readonly endListeners: Array<() => void> = [];
	private pending: Buffer[] = [];

	constructor(
		private readonly owner: StreamOwner,
		readonly id: number,
		readonly headers: Headers,
		readonly priority: number,
	) {}

	/** http.Header.Get on the SYN_STREAM's headers. */
	header(name: string): string {
		return headerValue(this.headers, name);
	}

	/** Data from the client; what arrived before the first listener is delivered to it. */
	onData(listener: (data: Buffer) => void): void {
		this.dataListeners.push(listener);
		for (const data of this.pending.splice(0)) listener(data);
		if (this.remoteClosed) this.fireEnd();
	}

	/** The client's half is over (FIN, reset, or the connection ended). */
	onEnd(listener: () => void): void {
		if (this.remoteClosed && this.pending.length === 0) queueMicrotask(listener);
		else this.endListeners.push(listener);
	}

	/** Write data; `written` runs once it is on the wire (for back-pressure). */
	write(data: Buffer, written?: (error?: Error | null) => void): void {
		if (this.localClosed) {
			written?.(new Error('Write on closed stream'));
			return;
		}
		if (data.length <= chunkSize) {
			this.owner.sendData(this, data, false, written);
			return;
		}
		for (let offset = 0; offset < data.length; offset += chunkSize) {
			const last = offset + chunkSize >= data.length;
			this.owner.sendData(this, data.subarray(offset, offset + chunkSize), false, last ? written : undefined);
		}
	}

	/** Half-close: FIN, as Go's stream.Close() does. */
	end(): void {
		if (this.localClosed) return;
		this.localClosed = true;
		this.owner.sendData(this, Buffer.alloc(0), true);
		if (this.remoteClosed) this.owner.forget(this);
	}

	/** RST_STREAM (CANCEL), as Go's stream.Reset(): both halves over. */
	reset(status = 5): void {
		this.closeRemote();
		this.owner.forget(this);
		if (this.localClosed) return;
		this.localClosed = true;
		this.owner.sendReset(this, status);
	}

	/** Called by the connection. */
	receive(data: Buffer): void {
		if (this.remoteClosed || data.length === 0) return;
		if (this.dataListeners.length === 0) this.pending.push(data);
		for (const listener of this.dataListeners) listener(data);
	}

	/** Called by the connection: FIN, RST_STREAM or the end of the connection. */
	closeRemote(): void {
		if (this.remoteClosed) return;
		this.remoteClosed = true;
		// Data nobody has read yet comes first: the end waits for the first reader.
		if (this.pending.length === 0) this.fireEnd();
	}

	private fireEnd(): void {
		for (const listener of this.endListeners.splice(0)) listener();
	}

	/** Called by the connection when the peer reset the stream. */
	resetByPeer(): void {
		this.localClosed = true;
		this.closeRemote();
	}
}
