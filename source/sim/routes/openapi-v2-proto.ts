// The protobuf encoding of a gnostic OpenAPI v2 Document (github.com/google/gnostic-models
// openapiv2/OpenAPIv2.proto), for the part of Swagger 2.0 the sim's document uses: what
// kube-openapi's ToProtoBinary (openapi_v2.ParseDocument, then proto.Marshal) makes of the JSON.
// Fields go out in field-number order and proto3 leaves empty scalars out, as proto.Marshal does.

/** The Swagger 2.0 JSON this encoder takes (a subset: no schemas, no body parameters). */
export type SwaggerParameter = {uniqueItems?: boolean; type?: string; description?: string; name: string; in: string; required?: boolean};
export type SwaggerOperation = {
	description?: string;
	consumes?: string[];
	produces?: string[];
	schemes?: string[];
	tags?: string[];
	operationId?: string;
	parameters?: SwaggerParameter[];
	responses?: Record<string, {description: string}>;
	[extension: `x-${string}`]: unknown;
};
export type SwaggerPathItem = Partial<Record<'get' | 'put' | 'post' | 'delete' | 'patch', SwaggerOperation>> & {parameters?: SwaggerParameter[]};
export type Swagger = {swagger: string; info: {title: string; version: string}; paths: Record<string, SwaggerPathItem>; definitions?: Record<string, never>};

class Writer {
	private readonly parts: Buffer[] = [];

	private varint(value: number): void {
		const bytes: number[] = [];
		let rest = value;
		while (rest > 0x7f) {
			bytes.push((rest & 0x7f) | 0x80);
			rest = Math.floor(rest / 128);
		}
		bytes.push(rest);
		this.parts.push(Buffer.from(bytes));
	}

	string(field: number, value: string | undefined): this {
		if (!value) return this;
		const bytes = Buffer.from(value, 'utf8');
		this.varint((field << 3) | 2);
		this.varint(bytes.length);
		this.parts.push(bytes);
		return this;
	}

	strings(field: number, values: string[] | undefined): this {
		for (const value of values ?? []) {
			// A repeated string keeps its empty entries.
			const bytes = Buffer.from(value, 'utf8');
			this.varint((field << 3) | 2);
			this.varint(bytes.length);
			this.parts.push(bytes);
		}
		return this;
	}

	bool(field: number, value: boolean | undefined): this {
		if (!value) return this;
		this.varint(field << 3);
		this.varint(1);
		return this;
	}

	/** A set message field: present even when empty. */
	message(field: number, message: Writer | undefined): this {
		if (!message) return this;
		const bytes = message.bytes();
		this.varint((field << 3) | 2);
		this.varint(bytes.length);
		this.parts.push(bytes);
		return this;
	}

	messages(field: number, messages: Writer[]): this {
		for (const message of messages) this.message(field, message);
		return this;
	}

	bytes(): Buffer {
		return Buffer.concat(this.parts);
	}
}

const message = () => new Writer();

// --- YAML of vendor extensions ---------------------------------------------------------
// gnostic keeps an extension it has no handler for as Any{yaml}: compiler.Marshal of the
// value's node with its styles cleared (gnostic-models compiler/helpers.go), i.e. yaml.v3's
// plain output, keys in the JSON's (sorted) order.

const plainScalar = /^[A-Za-z_./][A-Za-z0-9_./-]*$/;
const yamlReserved = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

function yamlScalar(value: unknown): string {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value === null) return 'null';
	const text = String(value);
	return plainScalar.test(text) && !yamlReserved.test(text) ? text : JSON.stringify(text);
}

export function extensionYaml(value: unknown): string {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		return Object.entries(value as Record<string, unknown>)
			.map(([key, item]) => `${yamlScalar(key)}: ${yamlScalar(item)}\n`)
			.join('');
	}
	return `${yamlScalar(value)}\n`;
}

// --- Messages --------------------------------------------------------------------------

/** ParametersItem{parameter: Parameter{non_body_parameter: NonBodyParameter{query(3) | path(4) sub-schema}}}. */
function parameter(p: SwaggerParameter): Writer {
	// QueryParameterSubSchema and PathParameterSubSchema number these fields alike.
	const sub = message().bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name).string(6, p.type).bool(20, p.uniqueItems);
	const nonBody = message().message(p.in === 'path' ? 4 : 3, sub);
	return message().message(1, message().message(2, nonBody));
}

function responses(codes: Record<string, {description: string}> | undefined): Writer | undefined {
	if (!codes) return undefined;
	const named = Object.entries(codes).map(([code, response]) =>
		message()
			.string(1, code)
			.message(2, message().message(1, message().string(1, response.description))),
	);
	return message().messages(1, named);
}

function operation(op: SwaggerOperation | undefined): Writer | undefined {
	if (!op) return undefined;
	const extensions = Object.entries(op)
		.filter(([key]) => key.startsWith('x-'))
		.map(([name, value]) =>
			message()
				.string(1, name)
				.message(2, message().string(2, extensionYaml(value))),
		);
	return message()
		.strings(1, op.tags)
		.string(3, op.description)
		.string(5, op.operationId)
		.strings(6, op.produces)
		.strings(7, op.consumes)
		.messages(8, (op.parameters ?? []).map(parameter))
		.message(9, responses(op.responses))
		.strings(10, op.schemes)
		.messages(13, extensions);
}

function pathItem(item: SwaggerPathItem): Writer {
	return message()
		.message(2, operation(item.get))
		.message(3, operation(item.put))
		.message(4, operation(item.post))
		.message(5, operation(item.delete))
		.message(8, operation(item.patch))
		.messages(9, (item.parameters ?? []).map(parameter));
}

/** proto.Marshal(openapi_v2.ParseDocument(json)) for the sim's Swagger document. */
export function encodeSwagger(document: Swagger): Buffer {
	const paths = Object.entries(document.paths).map(([name, item]) => message().string(1, name).message(2, pathItem(item)));
	return message()
		.string(1, document.swagger)
		.message(2, message().string(1, document.info.title).string(2, document.info.version))
		.message(8, message().messages(2, paths))
		.message(9, document.definitions ? message() : undefined)
		.bytes();
}
