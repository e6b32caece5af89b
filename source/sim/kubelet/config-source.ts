import type {ConfigMap, Secret} from '../../model/k8s.js';

// Where the kubelet reads ConfigMaps and Secrets: its watch-based managers, which see what the
// API server holds (pkg/kubelet/configmap, pkg/kubelet/secret). A missing object is the
// manager's NotFound, "configmap "x" not found" (the singular resource, lower case:
// corev1.Resource("configmap") in NewWatchingConfigMapManager).

export type ConfigSource = {
	configMap(namespace: string, name: string): ConfigMap | undefined;
	secret(namespace: string, name: string): Secret | undefined;
};

export const configMapNotFound = (name: string) => `configmap "${name}" not found`;
export const secretNotFound = (name: string) => `secret "${name}" not found`;

/** A Secret's value for one key, decoded from the base64 of the wire form. */
export function secretValue(secret: Secret, key: string): Buffer | undefined {
	const encoded = secret.data?.[key];
	return encoded === undefined ? undefined : Buffer.from(encoded, 'base64');
}

/** A ConfigMap's value for one key: from data, else from binaryData. */
export function configMapValue(configMap: ConfigMap, key: string): Buffer | undefined {
	const text = configMap.data?.[key];
	if (text !== undefined) return Buffer.from(text, 'utf8');
	const binary = configMap.binaryData?.[key];
	return binary === undefined ? undefined : Buffer.from(binary, 'base64');
}
