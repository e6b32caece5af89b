import {describe, expect, test} from 'vitest';
import {exitStatus, success} from '../../../../source/sim/exec/protocol.js';
import type {RemoteCommandSession} from '../../../../source/sim/exec/session.js';
import {serveSpdyRemoteCommand} from '../../../../source/sim/exec/spdy-remote-command.js';
import {duplexPair, SpdyTestClient} from '../../../helpers/spdy-client.js';

// The kubelet's remotecommand/httpstream.go over a SPDY connection, without a container: which
// streams it waits for, where each channel goes, and how the session ends.

function serve(protocol: string, streams: {stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean}) {
	const [serverSide, clientSide] = duplexPair();
	const sessions: RemoteCommandSession[] = [];
	const served = serveSpdyRemoteCommand(serverSide, protocol, streams, session => sessions.push(session));
	return {client: new SpdyTestClient(clientSide), sessions, served};
}

describe('exec and attach streams over SPDY', () => {
	test('the command starts once every expected stream is open: error, stdin, stdout, and resize on a terminal', async () => {
		const {client, sessions} = serve('v4.channel.k8s.io', {stdin: true, stdout: true, stderr: false, tty: true});
		client.open({streamtype: 'error'});
		client.open({streamtype: 'stdin'});
		client.open({streamtype: 'stdout'});
		// A ping's echo comes after the replies to everything before it.
		client.send({type: 'ping', id: 1});
		await client.until(() => client.frames.some(frame => frame.type === 'ping'));
		expect(sessions).toHaveLength(0);
		client.open({streamtype: 'resize'});
		await client.until(() => sessions.length === 1 || undefined);
	});

	test('before v3 there is no resize stream to wait for', async () => {
		const {client, sessions} = serve('v2.channel.k8s.io', {stdin: false, stdout: true, stderr: false, tty: true});
		client.open({streamtype: 'error'});
		client.open({streamtype: 'stdout'});
		await client.until(() => sessions.length === 1 || undefined);
	});

	test('output on its own stream, stdin and resizes in, the Status on the error stream, then the close', async () => {
		const {client, sessions, served} = serve('v4.channel.k8s.io', {stdin: true, stdout: true, stderr: true, tty: false});
		const error = client.open({streamtype: 'error'});
		const stdin = client.open({streamtype: 'stdin'});
		const stdout = client.open({streamtype: 'stdout'});
		const stderr = client.open({streamtype: 'stderr'});
		const session = await client.until(() => sessions[0]);
		const input: string[] = [];
		let ended = false;
		session.connect({write: data => input.push(data.toString()), endInput: () => (ended = true), resize: () => {}});
		client.data(stdin, 'typed', true);
		await client.until(() => ended || undefined);
		expect(input).toEqual(['typed']);
		session.output('stdout', Buffer.from('out'));
		session.output('stderr', Buffer.from('err'));
		session.finish(exitStatus(2, 'error executing command [false], exit code 2'));
		await served;
		await client.until(() => client.ended);
		expect(client.text(stdout)).toBe('out');
		expect(client.text(stderr)).toBe('err');
		expect(JSON.parse(client.text(error))).toMatchObject({
			status: 'Failure',
			reason: 'NonZeroExitCode',
			details: {causes: [{reason: 'ExitCode', message: '2'}]},
		});
		// Close: what is still open is reset, then GOAWAY.
		expect(client.frames.filter(frame => frame.type === 'rstStream' || frame.type === 'goAway').at(-1)).toEqual({
			type: 'goAway',
			lastGoodStreamId: 7,
			status: 0,
		});
	});

	test('the resize stream carries JSON sizes, split anywhere', async () => {
		const {client, sessions} = serve('v4.channel.k8s.io', {stdin: false, stdout: true, stderr: false, tty: true});
		client.open({streamtype: 'error'});
		client.open({streamtype: 'stdout'});
		const resize = client.open({streamtype: 'resize'});
		const session = await client.until(() => sessions[0]);
		const sizes: string[] = [];
		session.connect({write: () => {}, endInput: () => {}, resize: (cols, rows) => sizes.push(`${cols}x${rows}`)});
		client.data(resize, '{"Width":100,"Hei');
		client.data(resize, 'ght":30}{"Width":80,"Height":24}');
		await client.until(() => sizes.length === 2 || undefined);
		expect(sizes).toEqual(['100x30', '80x24']);
	});

	test('v1 to v3 write nothing on success', async () => {
		const {client, sessions, served} = serve('v3.channel.k8s.io', {stdin: false, stdout: true, stderr: false, tty: false});
		const error = client.open({streamtype: 'error'});
		client.open({streamtype: 'stdout'});
		const session = await client.until(() => sessions[0]);
		session.finish(success());
		await served;
		expect(client.text(error)).toBe('');
	});
});
