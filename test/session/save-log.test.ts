import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {saveLog, savePath} from '../../source/session/save-log.js';

const directory = () => mkdtempSync(path.join(tmpdir(), 'podscope-save-'));

describe('saveLog', () => {
	it('writes the name typed, relative to the working directory, readable by its owner only', () => {
		const cwd = directory();
		const file = saveLog('web-app.log', 'line one\n', cwd);
		expect(file).toBe(path.join(cwd, 'web-app.log'));
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(file, 'utf8')).toBe('line one\n');
	});

	it('never overwrites, and says so as kubectl says what Go says', () => {
		const cwd = directory();
		writeFileSync(path.join(cwd, 'taken.log'), 'keep me\n');
		expect(() => saveLog('taken.log', 'new\n', cwd)).toThrow('error: open taken.log: file exists');
		expect(readFileSync(path.join(cwd, 'taken.log'), 'utf8')).toBe('keep me\n');
	});

	it('names a missing or unusable directory', () => {
		const cwd = directory();
		expect(() => saveLog('nowhere/x.log', '', cwd)).toThrow('error: open nowhere/x.log: no such file or directory');
		writeFileSync(path.join(cwd, 'plain'), '');
		expect(() => saveLog('plain/x.log', '', cwd)).toThrow('error: open plain/x.log: not a directory');
		expect(() => saveLog('  ', '', cwd)).toThrow('error: a file name is required');
	});

	it('reads ~/ as the home directory', () => {
		expect(savePath('~/logs/a.log', '/srv')).toBe(path.join(homedir(), 'logs/a.log'));
		expect(savePath(' a.log ', '/srv')).toBe('/srv/a.log');
		expect(savePath('/var/a.log', '/srv')).toBe('/var/a.log');
	});
});
