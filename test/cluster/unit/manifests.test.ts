import {parseAllDocuments} from 'yaml';
import {describe, expect, test} from 'vitest';
import {defaultScenarioOptions} from '../../../source/sim/scenarios/index.js';
import {clusterManifests} from '../manifests.js';

// What the differential test applies to the real node: every document of a scenario, the
// ConfigMaps and Secrets its pods use as written, the pods with a pull policy that never pulls.

describe('cluster manifests', () => {
	test("a scenario's ConfigMap goes through beside its Pod, in order", () => {
		const documents = parseAllDocuments(clusterManifests(['app-with-db-ambassador'])).map(document => document.toJS());
		expect(documents.map(document => `${document.kind}/${document.metadata.name}`)).toEqual(['ConfigMap/haproxy-config', 'Pod/app-with-db-ambassador']);
		expect(documents[0].data['haproxy.cfg']).toContain('bind :8404');
		expect(documents[1].spec.containers.map((container: {imagePullPolicy: string}) => container.imagePullPolicy)).toEqual(['IfNotPresent', 'IfNotPresent']);
	});
});

describe('the flood stand-in', () => {
	test("an x-sim flood becomes busybox's flood command, with the same lines, rate and size", () => {
		const [pod] = parseAllDocuments(clusterManifests(['log-flood-live'])).map(document => document.toJS());
		const {floodLines, floodRate} = defaultScenarioOptions;
		expect(pod.spec.containers[0].command).toEqual(['/usr/local/bin/flood', String(floodLines), String(floodRate), '120', 'live']);
	});
});
