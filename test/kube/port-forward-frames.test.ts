import {describe, expect, it} from 'vitest';
import {dataFrame, FrameDecoder} from '../../source/kube/port-forward-frames.js';

// The WebSocket port-forward framing (kubelet's portforward/websocket.go): a channel byte, and
// on each server channel a two-byte little-endian port before the first payload byte.

const message = (...bytes: Array<number | string>) => Buffer.concat(bytes.map(item => (typeof item === 'string' ? Buffer.from(item) : Buffer.from([item]))));

describe('port-forward frames', () => {
	it('prefixes client data with its channel only', () => {
		expect([...dataFrame(Buffer.from('GET /'))]).toEqual([0, ...Buffer.from('GET /')]);
		expect(dataFrame(Buffer.from('x'), 1)[0]).toBe(2);
	});

	it('strips the port from the first message of each channel and reads it little-endian', () => {
		const decoder = new FrameDecoder();
		expect(decoder.decode(message(0, 0x90, 0x1f))).toEqual({index: 0, kind: 'data', payload: Buffer.alloc(0)});
		expect(decoder.decode(message(1, 0x90, 0x1f))).toEqual({index: 0, kind: 'error', payload: Buffer.alloc(0)});
		expect(decoder.ports.get(0)).toBe(8080);
		expect(decoder.ports.get(1)).toBe(8080);
		// Later messages are all payload, even when they start with what looks like a port.
		expect([...decoder.decode(message(0, 0x90, 0x1f, 'ok'))!.payload]).toEqual([0x90, 0x1f, ...Buffer.from('ok')]);
		expect(decoder.decode(message(1, 'refused'))).toMatchObject({kind: 'error', payload: Buffer.from('refused')});
	});

	it('finds the port when it arrives split, and the payload sharing its message', () => {
		const decoder = new FrameDecoder();
		expect(decoder.decode(message(0, 80))?.payload.length).toBe(0);
		expect(decoder.decode(message(0, 0, 'HTTP/1.1'))?.payload.toString()).toBe('HTTP/1.1');
		expect(decoder.ports.get(0)).toBe(80);
	});

	it('numbers a second port 2 and 3', () => {
		const decoder = new FrameDecoder();
		expect(decoder.decode(message(3, 0xbb, 0x01, 'x'))).toEqual({index: 1, kind: 'error', payload: Buffer.from('x')});
		expect(decoder.ports.get(3)).toBe(443);
		expect(decoder.decode(Buffer.alloc(0))).toBeUndefined();
	});
});
