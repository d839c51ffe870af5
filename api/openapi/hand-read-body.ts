import { z } from 'zod';

/** JSON Schema as OpenAPI 3.1 takes it. */
type TJsonSchema = Record<string, unknown>;

const FORMATS_WITH_PATTERNS = new Set(['date-time', 'uuid', 'email']);

/**
 * `schema` as JSON Schema, written by zod itself (it knows every zod type, where the
 * document generator does not: `z.undefined()` fields, for one), as the input it accepts.
 */
export function jsonSchemaOf(schema: z.ZodType): TJsonSchema {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema: out }) => {
      // A field that must be absent: OpenAPI's "never", as the rest of the document says it.
      if (zodSchema._zod.def.type === 'undefined') out.not = {};
      // A format says what the generated regex says, legibly.
      if (typeof out.format === 'string' && FORMATS_WITH_PATTERNS.has(out.format)) delete out.pattern;
      // z.int() bounds every integer to the safe range: true of any JSON integer, noise in a reference.
      if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
      if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
    },
  });
  // Named schemas would land in $defs, which no $ref of the document can reach.
  if ('$defs' in jsonSchema) throw new Error('jsonSchemaOf: a schema with a named (meta id) part');
  return jsonSchema;
}

/**
 * A request body the handler reads itself: CSV and multipart uploads, Twilio's signed
 * forms, and bodies whose reading waits for what the route loads first. Its schemas enter
 * the document as plain JSON Schema, so zod-openapi documents the body but puts no
 * validator or media-type gate in front of the handler, which answers 400/415 its own way.
 */
export function handReadBody(content: Record<string, z.ZodType>) {
  return {
    required: true,
    content: Object.fromEntries(
      Object.entries(content).map(([type, schema]) => [type, { schema: jsonSchemaOf(schema) }]),
    ),
  };
}
