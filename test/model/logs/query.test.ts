import {describe, expect, it} from 'vitest';
import {isArgsError} from '../../../source/model/logs/args.js';
import {checkLogsQuery, type LogsQuery, type LogsQueryFlags} from '../../../source/model/logs/query.js';
import {qualifiedResource, resourceOf, workloadPath} from '../../../source/model/logs/workload-resource.js';

// `podscope logs` arguments beyond kubectl's: TYPE/NAME as kubectl's RESTMapper spells types,
// stern's flags and their errors, all before any I/O.

const defaults: LogsQueryFlags = {
	allContainers: false,
	follow: false,
	previous: false,
	timestamps: false,
	prefix: false,
	color: true,
	allNamespaces: false,
	allPods: false,
};
const check = (input: string[], flags: Partial<LogsQueryFlags> = {}) => checkLogsQuery(input, {...defaults, ...flags});
const ok = (input: string[], flags: Partial<LogsQueryFlags> = {}): LogsQuery => {
	const checked = check(input, flags);
	if (isArgsError(checked)) throw new Error(checked.error);
	return checked;
};
const errorOf = (input: string[], flags: Partial<LogsQueryFlags> = {}) => {
	const checked = check(input, flags);
	if (!isArgsError(checked)) throw new Error(`expected an error, got ${JSON.stringify(checked.target)}`);
	return checked.error;
};

describe('resource types', () => {
	it.each([
		['deploy', 'deployments'],
		['deployment', 'deployments'],
		['Deployments', 'deployments'],
		['deployment.apps', 'deployments'],
		['deployments.v1.apps', 'deployments'],
		['rs', 'replicasets'],
		['replicaset', 'replicasets'],
		['replicasets.apps', 'replicasets'],
		['sts', 'statefulsets'],
		['statefulset', 'statefulsets'],
		['ds', 'daemonsets'],
		['daemonsets', 'daemonsets'],
		['job', 'jobs'],
		['jobs', 'jobs'],
		['job.batch', 'jobs'],
		['po', 'pods'],
		['pods', 'pods'],
	])('%s is %s', (type, resource) => {
		expect(resourceOf(type)?.resource).toBe(resource);
	});

	it.each(['deploy.apps', 'svc', 'jobs.apps', 'cronjob', 'x'])('%s is none of them', type => {
		expect(resourceOf(type)).toBeUndefined();
	});

	it('paths and names as kube-apiserver has them', () => {
		expect(workloadPath(resourceOf('deploy')!, 'ns 1', 'web')).toBe('/apis/apps/v1/namespaces/ns%201/deployments/web');
		expect(workloadPath(resourceOf('job')!, 'default', 'migrate')).toBe('/apis/batch/v1/namespaces/default/jobs/migrate');
		expect(qualifiedResource(resourceOf('sts')!)).toBe('statefulsets.apps');
	});
});

describe('checkLogsQuery', () => {
	it('TYPE/NAME of a workload keeps the type as typed; pod/ is a pod name', () => {
		expect(ok(['deploy/web']).target).toMatchObject({kind: 'resource', type: 'deploy', name: 'web', resource: {resource: 'deployments'}});
		expect(ok(['widget/web']).target).toEqual({kind: 'resource', type: 'widget', name: 'web', resource: undefined});
		expect(ok(['po/web']).target).toEqual({kind: 'name', name: 'web'});
		expect(ok(['po/web']).pod).toBe('web');
		expect(ok(['web-.*']).target).toEqual({kind: 'name', name: 'web-.*'});
		expect(ok([], {selector: 'app=x'}).target).toEqual({kind: 'selector'});
	});

	it('the second argument of TYPE/NAME is a container, as for a pod', () => {
		expect(ok(['deploy/web', 'proxy']).containers).toEqual(['proxy']);
	});

	it('--all-pods sets --prefix, as kubectl does', () => {
		expect(ok(['deploy/web'], {allPods: true}).prefix).toBe(true);
		expect(ok(['deploy/web']).prefix).toBe(false);
	});

	it("kubectl's texts for malformed TYPE/NAME", () => {
		expect(errorOf(['deploy/'])).toBe('error: arguments in resource/name form must have a single resource and name');
		expect(errorOf(['/web'])).toBe('error: arguments in resource/name form must have a single resource and name');
		expect(errorOf(['a/b/c'])).toBe('error: arguments in resource/name form may not have more than one slash');
		expect(errorOf(['deploy/web'], {allNamespaces: true})).toBe('error: a resource cannot be retrieved by name across all namespaces');
	});

	it("kubectl's own checks still come first", () => {
		expect(errorOf(['deploy/web'], {selector: 'a=b'})).toBe('error: only one of a pod name or a selector (-l) can be used');
	});

	it('regular expressions compiled, repeated flags kept', () => {
		const query = ok(['web'], {container: ['app', 'side.*'], excludeContainer: ['istio'], include: ['GET', 'POST'], exclude: ['healthz']});
		expect(query.containerFilter.names).toEqual(['app', 'side.*']);
		expect(query.containerFilter.include.map(String)).toEqual(['/app/', '/side.*/']);
		expect(query.containerFilter.exclude.map(String)).toEqual(['/istio/']);
		expect(query.lineFilter.include.map(String)).toEqual(['/GET/', '/POST/']);
		expect(query.lineFilter.exclude.map(String)).toEqual(['/healthz/']);
	});

	it('an invalid regular expression names its flag', () => {
		expect(errorOf(['web'], {exclude: ['(']})).toMatch(/^Error: invalid argument "\(" for "-e, --exclude" flag: /);
		expect(errorOf(['web'], {container: ['[']})).toMatch(/^Error: invalid argument "\[" for "-c, --container" flag: /);
	});

	it('-o json, default or raw; anything else is an error', () => {
		expect(ok(['web'], {output: 'json'}).json).toBe(true);
		expect(ok(['web'], {output: 'raw'}).json).toBe(false);
		expect(ok(['web']).json).toBe(false);
		expect(errorOf(['web'], {output: 'yaml'})).toBe("error: output should be one of 'default', 'raw', 'json'");
	});

	it("--max-log-requests: none means no cap; a non-number is pflag's error", () => {
		expect(ok(['web']).maxLogRequests).toBeUndefined();
		expect(ok(['web'], {maxLogRequests: '3'}).maxLogRequests).toBe(3);
		expect(errorOf(['web'], {maxLogRequests: 'x'})).toBe(
			'Error: invalid argument "x" for "--max-log-requests" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'podscope logs --help\' for usage.',
		);
	});

	it("a pod-name regex has no default tail (stern shows all); a selector keeps kubectl's 10", () => {
		expect(ok(['web-.*']).tailLines).toBeUndefined();
		expect(ok([], {selector: 'app=web'}).tailLines).toBe(10);
	});
});
