import {describe, expect, it} from 'vitest';
import {configError} from '../../../source/model/doctor/config-error.js';
import {missingKey, missingSecret} from '../../fixtures/real-node/containers.js';

describe('config-error', () => {
	it('names the missing Secret and the env var of the container that reads it; the other container is fine', () => {
		const findings = configError.check(missingSecret);
		expect(findings).toHaveLength(1);
		expect(findings[0]).toMatchObject({severity: 'error', container: 'app'});
		expect(findings[0]!.title).toBe('app cannot be created (CreateContainerConfigError): Secret db-credentials does not exist; env DB_USER reads from it');
		expect(findings[0]!.evidence).toEqual([
			'status.containerStatuses{app}.state.waiting: CreateContainerConfigError: secret "db-credentials" not found',
			'spec.containers{app}.env[0] DB_USER: secretKeyRef db-credentials/username',
			'event Warning Failed ×5: Error: secret "db-credentials" not found',
		]);
		expect(findings[0]!.fix).toContain('kubectl -n ref-missing-secret create secret generic db-credentials');
	});

	it('names a missing key, and a ConfigMap read by envFrom', () => {
		const [key, from] = configError.check(missingKey);
		expect(key!.title).toBe('app cannot be created (CreateContainerConfigError): Secret db-pass has no key password; env PASSWORD reads it');
		expect(key!.evidence).toContain('spec.containers{app}.env[0] PASSWORD: secretKeyRef db-pass/password');
		expect(key!.fix).toContain('Add the key password to Secret db-pass');
		expect(from!.title).toBe('envfrom cannot be created (CreateContainerConfigError): ConfigMap app-env does not exist; envFrom reads from it');
		expect(from!.evidence).toContain('spec.containers{envfrom}.envFrom[0].configMapRef.name: app-env');
		expect(from!.fix).toContain('create configmap app-env');
	});

	it('explains runAsNonRoot with a root image', () => {
		const input = structuredClone(missingSecret);
		input.pod.status!.containerStatuses![0]!.state = {
			waiting: {
				reason: 'CreateContainerConfigError',
				message: 'container has runAsNonRoot and image will run as root (pod: "missing-secret_ref-missing-secret(uid)", container: app)',
			},
		};
		const [finding] = configError.check({...input, events: []});
		expect(finding!.title).toContain('container has runAsNonRoot and image will run as root');
		expect(finding!.fix).toContain('spec.containers{app}.securityContext.runAsUser');
	});
});
