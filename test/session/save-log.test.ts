import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {saveLog} from '../../source/session/save-log.js';

describe('saveLog', () => {
	it('a saved log file is readable by its owner only', () => {
		const file = saveLog('web/app', 'line one\n', [mkdtempSync(path.join(tmpdir(), 'podscope-save-'))]);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(file, 'utf8')).toBe('line one\n');
	});
});
