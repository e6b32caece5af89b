import {X509Certificate} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {createPki} from '../../../source/sim/pki.js';

describe('sim PKI', () => {
	it('issues certificates OpenSSL accepts, with positive minimal serials, chained to the CA', () => {
		// Several rounds: a badly encoded serial only shows up for some random values.
		for (let round = 0; round < 4; round++) {
			const pki = createPki({admin: {commonName: 'admin', organization: 'system:masters'}});
			const ca = new X509Certificate(pki.ca.cert);
			for (const pem of [pki.server.cert, pki.clients.admin!.cert]) {
				const cert = new X509Certificate(pem);
				expect(cert.verify(ca.publicKey)).toBe(true);
				expect(cert.serialNumber).toMatch(/^(?!00)[0-7][0-9A-F]{31}$/);
			}
			expect(new X509Certificate(pki.server.cert).checkIP('127.0.0.1')).toBe('127.0.0.1');
			expect(new X509Certificate(pki.clients.admin!.cert).subject).toContain('CN=admin');
		}
	});
});
