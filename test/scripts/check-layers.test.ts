import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {checkFile, importsOf} from '../../scripts/check-layers.js';

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../source');
const check = (file: string, text: string) => checkFile(path.join(source, file), text);

describe('layer rules', () => {
	it('tells type-only imports from runtime ones, over several lines too', () => {
		expect(
			importsOf(`import type {A} from '../kube/a.js';
import {type B, type C} from '../kube/b.js';
import {type D, e} from '../kube/c.js';
import {
	f,
	g,
} from '../session/d.js';
export {h} from './h.js';
import './side-effect.js';
const lazy = await import('../sim/sim.js');`),
		).toEqual([
			{specifier: '../kube/a.js', typeOnly: true},
			{specifier: '../kube/b.js', typeOnly: true},
			{specifier: '../kube/c.js', typeOnly: false},
			{specifier: '../session/d.js', typeOnly: false},
			{specifier: './h.js', typeOnly: false},
			{specifier: './side-effect.js', typeOnly: false},
			{specifier: '../sim/sim.js', typeOnly: false},
		]);
	});

	it('lets ui/ name kube/ and session/ types but never call them', () => {
		expect(check('ui/logs/LogsScreen.tsx', "import type {LogSession} from '../../session/log-session.js';")).toEqual([]);
		expect(check('ui/logs/LogsScreen.tsx', "import {LogSession} from '../../session/log-session.js';")).toEqual([
			'ui/logs/LogsScreen.tsx: ui/ may not import session/ at run time (import type only): ../../session/log-session.js',
		]);
		expect(check('ui/App.tsx', "const {runShell} = await import('../kube/shell.js');")).toHaveLength(1);
	});

	it('keeps kube/ below the app: no store, reducer or screen model, even as types', () => {
		expect(check('kube/http.ts', "import type {Pod} from '../model/k8s.js';")).toEqual([]);
		expect(check('kube/logs/stream.ts', "import type {ContainerRef} from '../../model/app-state.js';")).toEqual([
			'kube/logs/stream.ts: kube/ may not import model/app-state.ts',
		]);
		expect(check('kube/http.ts', "import {App} from '../ui/App.js';")).toHaveLength(1);
	});

	it('keeps model/ free of I/O and every layer away from commands/', () => {
		expect(check('model/pod-status.ts', "import {readFileSync} from 'node:fs';")).toEqual(['model/pod-status.ts: model/ may not import node:fs']);
		expect(check('ui/logs/save-log.ts', "import {writeFileSync} from 'node:fs';")).toHaveLength(1);
		expect(check('session/controller.ts', "import {logs} from '../commands/logs.js';")).toHaveLength(1);
		expect(check('sim/server.ts', "import {KubeHttp} from '../kube/http.js';")).toHaveLength(1);
		expect(check('commands/tui.tsx', "import {App} from '../ui/App.js';\nimport {startSim} from '../sim/sim.js';")).toEqual([]);
	});

	it('names a folder that is not a layer', () => {
		expect(check('util/x.ts', '')).toEqual(['util/x.ts: source/util/ is not a layer of ARCHITECTURE.md (add it to scripts/check-layers.ts)']);
	});
});
