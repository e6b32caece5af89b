// Types of krew-manifest.js for the tests.
export const goArch: Record<string, string>;
export const pluginBinary: string;
export function defaultReleaseUrl(version: string): string;
export function krewManifest(options: {
	version: string;
	releaseUrl: string;
	homepage?: string;
	description: string;
	archives: {os: string; arch: string; file: string; sha256: string}[];
}): string;
