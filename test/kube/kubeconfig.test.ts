import {chmodSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {KubeconfigError, kubeconfigFiles, loadKubeconfig} from '../../source/kube/kubeconfig.js';

const dir = mkdtempSync(path.join(tmpdir(), 'podscope-kc-'));

function config(name: string, server: string, extra: Record<string, unknown> = {}) {
	return {
		apiVersion: 'v1',
		kind: 'Config',
		'current-context': name,
		clusters: [{name, cluster: {server, 'certificate-authority': 'ca.crt'}}],
		users: [{name, user: {token: `token-${name}`}}],
		contexts: [{name, context: {cluster: name, user: name, namespace: `${name}-ns`}}],
		...extra,
	};
}

function write(file: string, content: unknown): string {
	const full = path.join(dir, file);
	mkdirSync(path.dirname(full), {recursive: true});
	writeFileSync(full, typeof content === 'string' ? content : stringify(content));
	return full;
}

describe('kubeconfig loading', () => {
	it('merges $KUBECONFIG files with the first definition winning, like kubectl', () => {
		const first = write('a/config', config('one', 'https://one:6443'));
		const second = write('b/config', {
			...config('two', 'https://two:6443'),
			clusters: [
				{name: 'one', cluster: {server: 'https://shadowed:1'}},
				{name: 'two', cluster: {server: 'https://two:6443'}},
			],
		});
		const loaded = loadKubeconfig({env: {KUBECONFIG: `${first}:${path.join(dir, 'missing')}:${second}`}});
		expect(loaded.context).toBe('one');
		expect(loaded.server).toBe('https://one:6443');
		expect(loaded.namespace).toBe('one-ns');
		expect(loaded.contexts).toEqual(['one', 'two']);
		const other = loadKubeconfig({env: {KUBECONFIG: `${first}:${second}`}, context: 'two', namespace: 'override'});
		expect(other.server).toBe('https://two:6443');
		expect(other.namespace).toBe('override');
		// Relative certificate paths resolve against the file that names them.
		expect(loadKubeconfig({env: {KUBECONFIG: `${first}:${second}`}}).access.cluster['certificate-authority']).toBe(path.join(dir, 'a', 'ca.crt'));
	});

	it('reads values as kubectl does: a token that looks like a date is the token, not a date', async () => {
		const file = write(
			'date/config',
			'apiVersion: v1\nkind: Config\ncurrent-context: d\nclusters: [{name: d, cluster: {server: "https://d:6443"}}]\nusers: [{name: d, user: {token: 2026-12-01}}]\ncontexts: [{name: d, context: {cluster: d, user: d}}]\n',
		);
		const prepared = await loadKubeconfig({kubeconfig: file}).access.prepare();
		expect(prepared.headers.Authorization).toBe('Bearer 2026-12-01');
	});

	it('names an unknown context the way kubectl does', () => {
		const file = write('c/config', config('one', 'https://one:6443'));
		expect(() => loadKubeconfig({kubeconfig: file, context: 'nope'})).toThrow('context "nope" does not exist');
	});

	it('says which file is malformed and why, in one line', () => {
		const file = write('bad/config', 'clusters: [\n  - name: x\n   bad indent');
		let error: unknown;
		try {
			loadKubeconfig({kubeconfig: file});
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(KubeconfigError);
		expect((error as Error).message).toContain(`error loading config file "${file}"`);
		expect((error as Error).message).not.toContain('\n');
	});

	it('reports a missing --kubeconfig file like kubectl', () => {
		expect(() => loadKubeconfig({kubeconfig: path.join(dir, 'none')})).toThrow(`stat ${path.join(dir, 'none')}: no such file or directory`);
	});

	it('falls back to ~/.kube/config, then to k3s.yaml', () => {
		const home = path.join(dir, 'home');
		const k3s = write('etc/k3s.yaml', config('default', 'https://127.0.0.1:6443'));
		mkdirSync(home, {recursive: true});
		expect(kubeconfigFiles({env: {}, home, k3sPath: k3s})).toEqual([k3s]);
		const own = write('home/.kube/config', config('mine', 'https://mine:6443'));
		expect(kubeconfigFiles({env: {}, home, k3sPath: k3s})).toEqual([own]);
	});

	it('explains how to fix an unreadable k3s kubeconfig instead of failing obscurely', () => {
		const k3s = write('locked/k3s.yaml', config('default', 'https://127.0.0.1:6443'));
		chmodSync(k3s, 0o600);
		const home = path.join(dir, 'nohome');
		let message = '';
		try {
			kubeconfigFiles({env: {}, home, k3sPath: k3s, canRead: () => false});
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain(`${k3s} is not readable by this user`);
		expect(message).toContain('sudo');
		expect(message).toContain('~/.kube/config');
		expect(message).toContain('--write-kubeconfig-mode');
	});

	it('says what to do when there is no kubeconfig at all', () => {
		expect(() => loadKubeconfig({env: {}, home: path.join(dir, 'empty-home'), k3sPath: path.join(dir, 'no-k3s')})).toThrow(/no kubeconfig found.*--demo/);
	});
});

describe('kubeconfig files kubectl tolerates or refuses', () => {
	it('skips an empty file and one of comments only, as kubectl merges them as nothing', () => {
		const empty = write('empty/config', '');
		const comments = write('comments/config', '# written by a provisioner\n---\n# nothing yet\n');
		const good = write('good/config', config('good', 'https://good:6443'));
		const loaded = loadKubeconfig({env: {KUBECONFIG: `${empty}:${comments}:${good}`}});
		expect(loaded.server).toBe('https://good:6443');
		expect(loaded.files).toEqual([empty, comments, good]);
	});

	it('refuses a document that expands through aliases, with go-yaml’s words', () => {
		// Nine levels of nine aliases: 387 million nodes once expanded.
		const lines = ['apiVersion: v1', 'kind: Config', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
		for (let level = 1; level < 10; level++) lines.push(`a${level}: &a${level} [${Array.from({length: 9}, () => `*a${level - 1}`).join(', ')}]`);
		lines.push(
			'current-context: b',
			'clusters: [{name: b, cluster: {server: "https://b:6443"}}]',
			'contexts: [{name: b, context: {cluster: b, user: b}}]',
			'users: [{name: b, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: plug}}, bomb: *a9}]',
		);
		const file = write('bomb/config', `${lines.join('\n')}\n`);
		expect(() => loadKubeconfig({kubeconfig: file})).toThrow(`error loading config file "${file}": yaml: document contains excessive aliasing`);
	});

	it('accepts the aliases kubeconfigs really use: a shared user block named twice', () => {
		const file = write(
			'shared/config',
			[
				'apiVersion: v1',
				'kind: Config',
				'current-context: s',
				'clusters: [{name: s, cluster: {server: "https://s:6443"}}]',
				'contexts: [{name: s, context: &ctx {cluster: s, user: s}}, {name: t, context: *ctx}]',
				'users: [{name: s, user: {token: shared}}]',
				'',
			].join('\n'),
		);
		expect(loadKubeconfig({kubeconfig: file, context: 't'}).server).toBe('https://s:6443');
	});
});
