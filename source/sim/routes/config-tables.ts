import {translateTimestampSince} from '../../model/duration.js';
import type {ConfigMap, Secret} from '../../model/k8s.js';
import {ageDescription, column, nameDescription, type Printer} from './table.js';

// The server-side Tables of ConfigMaps (NAME DATA AGE) and Secrets (NAME TYPE DATA AGE), as
// printConfigMap and printSecret make them (pkg/printers/internalversion/printers.go). DATA
// counts keys; a Secret's values never reach a Table.

const configMapData =
	"Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.";
const secretData =
	"Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4";
const secretType = 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types';

const keys = (bag: Record<string, unknown> | undefined) => Object.keys(bag ?? {}).length;

export const configMapPrinter: Printer<ConfigMap> = {
	columns: [column('Name', nameDescription, 0, 'name'), column('Data', configMapData), column('Age', ageDescription)],
	row: (configMap, now) => [
		configMap.metadata.name,
		keys(configMap.data) + keys(configMap.binaryData),
		translateTimestampSince(configMap.metadata.creationTimestamp, now),
	],
};

export const secretPrinter: Printer<Secret> = {
	columns: [column('Name', nameDescription, 0, 'name'), column('Type', secretType), column('Data', secretData), column('Age', ageDescription)],
	row: (secret, now) => [secret.metadata.name, secret.type ?? '', keys(secret.data), translateTimestampSince(secret.metadata.creationTimestamp, now)],
};
