import {generateKeyPairSync, randomBytes} from 'node:crypto';
import forge from 'node-forge';

// A private CA for one sim run, with a serving certificate for 127.0.0.1 and client
// certificates in the shape k3s hands out (CN = user, O = group). Keys come from Node's
// native generator (fast); node-forge only assembles and signs the X.509 structures,
// which Node cannot do by itself.

export type Pem = {cert: string; key: string};
export type Pki = {ca: Pem; server: Pem; clients: Record<string, Pem>};

type Subject = {commonName: string; organization?: string};

function newKeyPair(): {publicKey: forge.pki.PublicKey; privateKey: forge.pki.rsa.PrivateKey; keyPem: string} {
	const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
	const keyPem = privateKey.export({type: 'pkcs1', format: 'pem'}).toString();
	const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
	const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
	return {publicKey, privateKey: forgeKey, keyPem};
}

function attributes(subject: Subject): forge.pki.CertificateField[] {
	const fields: forge.pki.CertificateField[] = [{name: 'commonName', value: subject.commonName}];
	if (subject.organization) fields.push({name: 'organizationName', value: subject.organization});
	return fields;
}

function makeCert(options: {
	subject: Subject;
	publicKey: forge.pki.PublicKey;
	issuer?: {cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey};
	selfKey: forge.pki.rsa.PrivateKey;
	extensions: unknown[];
}): forge.pki.Certificate {
	const cert = forge.pki.createCertificate();
	cert.publicKey = options.publicKey;
	// A positive, minimally encoded DER integer: top bit clear (not negative) and a non-zero
	// first byte (a leading zero byte is "illegal padding" to OpenSSL).
	const serial = randomBytes(16);
	serial[0] = (serial[0]! & 0x7f) | 0x01;
	cert.serialNumber = serial.toString('hex');
	const now = Date.now();
	cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
	cert.validity.notAfter = new Date(now + 365 * 24 * 60 * 60 * 1000);
	cert.setSubject(attributes(options.subject));
	cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : attributes(options.subject));
	cert.setExtensions(options.extensions as never[]);
	cert.sign(options.issuer?.key ?? options.selfKey, forge.md.sha256.create());
	return cert;
}

/** `caName`: the CA's common name (a second PKI beside the sim's needs its own: OpenSSL looks issuers up by name). */
export function createPki(clients: Record<string, Subject>, caName = 'podscope-sim-ca'): Pki {
	const caKeys = newKeyPair();
	const caCert = makeCert({
		subject: {commonName: caName},
		publicKey: caKeys.publicKey,
		selfKey: caKeys.privateKey,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
		],
	});
	const issuer = {cert: caCert, key: caKeys.privateKey};

	const serverKeys = newKeyPair();
	const serverCert = makeCert({
		subject: {commonName: 'podscope-sim'},
		publicKey: serverKeys.publicKey,
		issuer,
		selfKey: serverKeys.privateKey,
		extensions: [
			{name: 'basicConstraints', cA: false},
			{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
			{name: 'extKeyUsage', serverAuth: true},
			{
				name: 'subjectAltName',
				altNames: [
					{type: 7, ip: '127.0.0.1'},
					{type: 2, value: 'localhost'},
				],
			},
		],
	});

	const clientPems: Record<string, Pem> = {};
	for (const [id, subject] of Object.entries(clients)) {
		const keys = newKeyPair();
		const cert = makeCert({
			subject,
			publicKey: keys.publicKey,
			issuer,
			selfKey: keys.privateKey,
			extensions: [
				{name: 'basicConstraints', cA: false},
				{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
				{name: 'extKeyUsage', clientAuth: true},
			],
		});
		clientPems[id] = {cert: forge.pki.certificateToPem(cert), key: keys.keyPem};
	}

	return {
		ca: {cert: forge.pki.certificateToPem(caCert), key: forge.pki.privateKeyToPem(caKeys.privateKey)},
		server: {cert: forge.pki.certificateToPem(serverCert), key: serverKeys.keyPem},
		clients: clientPems,
	};
}
