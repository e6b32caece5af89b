import {describe, expect, test} from 'vitest';
import {parseFieldSelector, parseLabelSelector} from '../../../source/sim/selectors.js';

// Label and field selectors with kube-apiserver's grammar and its exact error texts,
// which kubectl shows after "Error from server (BadRequest)".

const labels = {app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop', replicas: '3', empty: ''};
const select = (selector: string, subject: Record<string, string> | undefined = labels) => parseLabelSelector(selector)(subject);
const errorOf = (selector: string) => {
	try {
		parseLabelSelector(selector);
	} catch (error) {
		return (error as Error).message;
	}
	return undefined;
};

const nameRule =
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRule =
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('label selectors', () => {
	test('empty selects everything', () => {
		expect(select('')).toBe(true);
		expect(parseLabelSelector(undefined)({})).toBe(true);
		expect(parseLabelSelector(null)(undefined)).toBe(true);
	});

	test('equality', () => {
		expect(select('app=web')).toBe(true);
		expect(select('app==web')).toBe(true);
		expect(select('app = web , tier=frontend')).toBe(true);
		expect(select('app=db')).toBe(false);
		expect(select('app!=db')).toBe(true);
		// != and notin also select objects without the label.
		expect(select('missing!=x')).toBe(true);
		expect(select('app.kubernetes.io/name=shop')).toBe(true);
		// A missing value means the empty value.
		expect(select('empty=')).toBe(true);
		expect(select('app=')).toBe(false);
		expect(parseLabelSelector('app=web')(undefined)).toBe(false);
	});

	test('set-based', () => {
		expect(select('app in (web,db)')).toBe(true);
		expect(select('app in (db)')).toBe(false);
		expect(select('app notin (db, cache)')).toBe(true);
		expect(select('missing notin (x)')).toBe(true);
		expect(select('missing in (x)')).toBe(false);
		expect(select('tier in (frontend), app')).toBe(true);
		expect(select('empty in (,x)')).toBe(true);
		expect(select('empty in ()')).toBe(true);
		// `in` and `notin` are plain words where a value is expected.
		expect(select('app in (in,notin)', {app: 'notin'})).toBe(true);
		expect(select('in=notin', {in: 'notin'})).toBe(true);
	});

	test('existence', () => {
		expect(select('app')).toBe(true);
		expect(select('!missing')).toBe(true);
		expect(select('!app')).toBe(false);
		expect(select('app,!missing,tier=frontend')).toBe(true);
		expect(select('missing')).toBe(false);
	});

	test('greater and less than compare integers', () => {
		expect(select('replicas>2')).toBe(true);
		expect(select('replicas<3')).toBe(false);
		expect(select('replicas < 10')).toBe(true);
		expect(select('app>1')).toBe(false);
		expect(select('missing<1')).toBe(false);
	});

	test('syntax errors', () => {
		expect(errorOf('app=web,')).toBe("found '', expected: identifier after ','");
		expect(errorOf('app=web,,tier')).toBe("found ',', expected: identifier after ','");
		expect(errorOf(',app')).toBe("found ',', expected: !, identifier, or 'end of string'");
		expect(errorOf('app web')).toBe("unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt");
		expect(errorOf('app in (web')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
		expect(errorOf('app in web')).toBe("unable to parse requirement: found 'web' expected: '('");
		expect(errorOf('app=a=b')).toBe("found '=', expected: ',' or 'end of string'");
		expect(errorOf('!app=web')).toBe("found '=', expected: ',' or 'end of string'");
		expect(errorOf('app=!web')).toBe("unable to parse requirement: found '!', expected: identifier");
	});

	test('invalid keys and values, with the apiserver’s validation messages', () => {
		expect(errorOf('app:web=x')).toBe(`unable to parse requirement: <nil>: Invalid value: "app:web": name part ${nameRule}`);
		expect(errorOf('a/b/c')).toBe(
			`unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${nameRule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
		);
		expect(errorOf('Example.com/app')).toBe(
			"unable to parse requirement: <nil>: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
		);
		expect(errorOf(`${'k'.repeat(64)}`)).toBe(
			`unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
		);
		expect(errorOf('app=-web')).toBe(`unable to parse requirement: values[0][app]: Invalid value: "-web": ${valueRule}`);
		// Values are sorted before they are checked, so indexes follow the sorted set.
		expect(errorOf('app in (z, -a, _b)')).toBe(
			`unable to parse requirement: [values[0][app]: Invalid value: "-a": ${valueRule}, values[1][app]: Invalid value: "_b": ${valueRule}]`,
		);
		expect(errorOf('replicas>three')).toBe(
			"unable to parse requirement: values[0]: Invalid value: \"three\": for 'Gt', 'Lt' operators, the value must be an integer",
		);
	});
});

describe('field selectors', () => {
	type Pod = {name: string; phase: string; node?: string};
	const supported = ['metadata.name', 'status.phase', 'spec.nodeName'];
	const get = (pod: Pod, field: string) => (field === 'metadata.name' ? pod.name : field === 'status.phase' ? pod.phase : pod.node);
	const fields = (selector: string) => parseFieldSelector<Pod>(selector, supported, get, 'pods');
	const web: Pod = {name: 'web', phase: 'Running', node: 'node-1'};
	const errorOfField = (selector: string) => {
		try {
			fields(selector);
		} catch (error) {
			return (error as Error).message;
		}
		return undefined;
	};

	test('=, == and !=, all terms must hold', () => {
		expect(fields('')(web)).toBe(true);
		expect(fields('status.phase=Running')(web)).toBe(true);
		expect(fields('status.phase==Running,metadata.name=web')(web)).toBe(true);
		expect(fields('status.phase!=Running')(web)).toBe(false);
		expect(fields('metadata.name=web,status.phase=Pending')(web)).toBe(false);
		// An unset field is the empty string.
		expect(fields('spec.nodeName=')({name: 'x', phase: 'Pending'})).toBe(true);
		expect(fields('spec.nodeName!=')(web)).toBe(true);
		// Empty terms are skipped.
		expect(fields('metadata.name=web,')(web)).toBe(true);
	});

	test('escaped commas and equals signs in values', () => {
		expect(fields('metadata.name=a\\,b')({name: 'a,b', phase: ''})).toBe(true);
		expect(fields('metadata.name=a\\=b\\\\')({name: 'a=b\\', phase: ''})).toBe(true);
		expect(errorOfField('metadata.name=a\\b')).toBe('invalid field selector: invalid escape sequence: \\b');
		expect(errorOfField('metadata.name=a=b')).toBe('invalid field selector: unescaped character in value: 61');
	});

	test('an unknown field is "field label not supported"; nonsense cannot be understood', () => {
		expect(errorOfField('spec.foo=bar')).toBe('field label not supported: spec.foo');
		// Terms are not trimmed: the field label includes the space.
		expect(errorOfField('status.phase =Running')).toBe('field label not supported: status.phase ');
		expect(errorOfField('status.phase')).toBe("invalid selector: 'status.phase'; can't understand 'status.phase'");
		expect(errorOfField('metadata.name=web,nonsense')).toBe("invalid selector: 'metadata.name=web,nonsense'; can't understand 'nonsense'");
	});
});
