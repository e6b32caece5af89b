import {badRequest} from './respond.js';

// Query parameters decoded as kube-apiserver decodes them: its ParameterCodec converts
// url.Values into ListOptions, PodLogOptions, PodExecOptions, ... with the generated
// Convert_url_Values_To_* functions, which call apimachinery's pkg/runtime/conversion.go.
// A boolean is not strconv.ParseBool there: Convert_Slice_string_To_bool takes only "0" and
// "false" (any case, strings.EqualFold) as false and every other value, "" and "maybe"
// included, as true; it never fails. So `?watch=True` (Python's client) and `?watch=maybe`
// both open a watch, and `?follow=f` follows. The apiserver re-encodes exec's and attach's
// booleans as "1" for the kubelet (streamParams, pkg/registry/core/pod/strategy.go), so the
// kubelet's own `== "1"` test sees the same answer.

/** runtime.Convert_Slice_string_To_bool on a value present in the query. */
export function convertBool(value: string): boolean {
	// EqualFold(value, "false"): "ſ" (U+017F) folds to "s" too, and upper-cases to "S".
	return value !== '0' && value.toUpperCase() !== 'FALSE';
}

/** A plain bool field (watch, follow, stdin, ...): false when absent. */
export function queryBool(query: URLSearchParams, name: string): boolean {
	const raw = query.get(name);
	return raw !== null && convertBool(raw);
}

/** A *bool field (sendInitialEvents): undefined when absent (Convert_Slice_string_To_Pointer_bool). */
export function queryOptionalBool(query: URLSearchParams, name: string): boolean | undefined {
	const raw = query.get(name);
	return raw === null ? undefined : convertBool(raw);
}

/**
 * An int64 or *int64 field (limit, timeoutSeconds, tailLines, ...): strconv.ParseInt(value, 10, 64),
 * whose error the handlers return as a 400 BadRequest. A present but empty value fails too.
 */
export function queryInteger(query: URLSearchParams, name: string): number | undefined {
	const raw = query.get(name);
	if (raw === null) return undefined;
	if (!/^[-+]?\d+$/.test(raw)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
	const value = BigInt(raw);
	if (value > 9223372036854775807n || value < -9223372036854775808n) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: value out of range`);
	return Number(raw);
}
