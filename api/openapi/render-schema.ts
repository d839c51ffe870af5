import { anchor, escapeHtml, inlineMarkdown } from './html.js';

/** The parts of a JSON Schema (2020-12, as OpenAPI 3.1 uses) the reference page shows. */
export interface TSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: TSchema[];
  oneOf?: TSchema[];
  allOf?: TSchema[];
  not?: TSchema;
  items?: TSchema;
  properties?: Record<string, TSchema>;
  required?: string[];
  additionalProperties?: boolean | TSchema;
  description?: string;
  default?: unknown;
  example?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  contentMediaType?: string;
}

/** Inline objects nest this deep before they are shown as plain `object`. */
const MAX_DEPTH = 3;

const literal = (value: unknown) => `<code>${escapeHtml(JSON.stringify(value))}</code>`;

/** The name of a `#/components/schemas/<name>` reference. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A one-line type: `string (uuid)`, `Journey[]`, `"a" | "b"`, `map of integer`... as HTML. */
export function typeLabel(schema: TSchema): string {
  if (schema.$ref)
    return `<a href="#${anchor('schema', refName(schema.$ref))}">${escapeHtml(refName(schema.$ref))}</a>`;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeLabel).join(' | ');
  if (schema.allOf) return schema.allOf.map(typeLabel).join(' &amp; ');
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  if (schema.not && Object.keys(schema.not).length === 0) return 'never (leave it out)';
  const types = [schema.type ?? []].flat();
  if (types.length === 0) return 'any';
  return types
    .map((type) => {
      if (type === 'array') return `${schema.items ? typeLabel(schema.items) : 'any'}[]`;
      if (type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object')
        return `map of ${typeLabel(schema.additionalProperties)}`;
      const detail = schema.format ?? schema.contentMediaType;
      return detail ? `${type} (${escapeHtml(detail)})` : type;
    })
    .join(' | ');
}

function constraints(schema: TSchema): string[] {
  const facts: Array<[string, unknown]> = [
    ['min length', schema.minLength],
    ['max length', schema.maxLength],
    ['min', schema.minimum],
    ['max', schema.maximum],
    ['min items', schema.minItems],
    ['max items', schema.maxItems],
  ];
  const out = facts
    .filter(([, value]) => value !== undefined)
    .map(([label, value]) => `${label} ${escapeHtml(String(value))}`);
  if (schema.pattern !== undefined) out.push(`pattern <code>${escapeHtml(schema.pattern)}</code>`);
  if (schema.default !== undefined) out.push(`default ${literal(schema.default)}`);
  if (schema.example !== undefined) out.push(`example ${literal(schema.example)}`);
  return out;
}

/** Description (unless told it is shown already) and constraints of a schema, as one cell's worth of HTML. */
export function notes(schema: TSchema, withDescription = true): string {
  const description = withDescription && schema.description ? inlineMarkdown(schema.description) : '';
  const parts = [description, constraints(schema).join(' · ')].filter((part) => part !== '');
  return parts.join('<br>');
}

/** The inline object a schema shows fields of: itself, or its array items. */
function inlineObject(schema: TSchema): TSchema | undefined {
  if (schema.properties && Object.keys(schema.properties).length > 0) return schema;
  if (schema.items && !schema.items.$ref) return inlineObject(schema.items);
  return undefined;
}

function propertiesTable(schema: TSchema, depth: number): string {
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const nested = depth < MAX_DEPTH ? nestedView(property, depth + 1) : '';
    const flag = required.has(name) ? ' <span class="req">required</span>' : '';
    return `<tr><td><code>${escapeHtml(name)}</code>${flag}</td><td>${typeLabel(property)}</td><td>${notes(property)}${nested}</td></tr>`;
  });
  return `<table class="fields"><thead><tr><th>field</th><th>type</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Fields of inline objects under a property: its own, its array items', or each alternative's. */
function nestedView(schema: TSchema, depth: number): string {
  const object = inlineObject(schema);
  if (object) return propertiesTable(object, depth);
  const alternatives = (schema.anyOf ?? schema.oneOf ?? []).filter((option) => inlineObject(option));
  return alternatives.map((option, i) => `<p class="alt">option ${i + 1}</p>${nestedView(option, depth)}`).join('');
}

/** A schema as the page shows it: `lead` (e.g. its media type), its type and notes, then the fields of any inline object. */
export function renderSchema(schema: TSchema, lead = ''): string {
  const about = notes(schema);
  const summary = `<p class="type">${lead}${typeLabel(schema)}${about ? ` — ${about}` : ''}</p>`;
  return summary + nestedView(schema, 0);
}
