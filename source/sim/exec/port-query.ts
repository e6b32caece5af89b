// How kube-apiserver decodes the `ports` query of pods/portforward into PodPortForwardOptions:
// metav1.Convert_Slice_string_To_Slice_int32 splits every value at commas and parses each as a
// 16-bit unsigned integer (apimachinery pkg/apis/meta/v1/conversion.go). A value that does not
// parse is a 400 from the apiserver ("cannot convert to []int32: ..."), before any pod lookup.

/** Go's strconv.ParseUint(text, 10, 16) error, or undefined when it parses. */
function parseUint16Error(text: string): string | undefined {
	if (!/^[0-9]+$/.test(text)) return `strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`;
	if (Number(text) > 65535) return `strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`;
	return undefined;
}

/** The ports the apiserver sends on (undefined: none given), or its decode error's message. */
export function apiserverPorts(values: string[]): {ports: number[] | undefined} | {error: string} {
	if (values.length === 0) return {ports: undefined};
	const ports: number[] = [];
	for (const value of values) {
		for (const text of value.split(',')) {
			const error = parseUint16Error(text);
			if (error) return {error: `cannot convert to []int32: ${error}`};
			ports.push(Number(text));
		}
	}
	return {ports};
}
