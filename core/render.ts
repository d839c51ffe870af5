/** Contact variables: flat name -> scalar. Dotted names like "address.city" are plain keys. */
export type TVars = Readonly<Record<string, string | number | boolean | null | undefined>>;

export type TRenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
const PLACEHOLDER = new RegExp(`\\{\\{\\s*(${NAME})\\s*\\}\\}`, 'g');
const VARIABLE_NAME = new RegExp(`^${NAME}$`);

/** Whether a string is usable as a variable name in `{{ name }}` placeholders. */
export function isVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name);
}

/** Variable names used in `{{ name }}` placeholders, each once, in order of first use. */
export function templateVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return [...names];
}

/**
 * Brace sequences that are not valid placeholders ("{{ first name }}", "{{}}", a lone
 * "{{"). They would otherwise reach the customer verbatim.
 */
export function malformedPlaceholders(text: string): string[] {
  const rest = text.replace(PLACEHOLDER, '');
  return [...rest.matchAll(/\{\{[^{}]*\}\}|\{\{|\}\}/g)].map((m) => m[0]);
}

/**
 * The value of a variable, or undefined when absent. Blank strings count as absent
 * because spreadsheet imports turn empty cells into "", and "Hi ," is as wrong as "Hi".
 * Only own keys count, so `{{constructor}}` never reads Object.prototype.
 */
export function variableValue(vars: TVars, name: string): string | undefined {
  if (!Object.hasOwn(vars, name)) return undefined;
  const value = vars[name];
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text.trim() === '' ? undefined : text;
}

/** The names (from `required`) that have no value in vars, in the given order. */
export function missingVariables(required: readonly string[], vars: TVars): string[] {
  return required.filter((name) => variableValue(vars, name) === undefined);
}

/**
 * Fills `{{ name }}` placeholders from vars. A missing variable fails the whole render
 * instead of becoming an empty string. Values are inserted once and never re-scanned, so
 * a contact value containing "{{x}}" stays literal. The caller includes `phone` in vars.
 */
export function renderTemplate(text: string, vars: TVars): TRenderResult {
  const missing = missingVariables(templateVariables(text), vars);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, text: text.replace(PLACEHOLDER, (_all, name: string) => variableValue(vars, name) ?? '') };
}
