import { journeyVariables, validateJourney } from '../../../../core/index.js';
import { BUILTIN_VARIABLES } from '../../../../core/journey/constants.js';
import { fieldErrors } from '../../api-client/errors';

/** The variables a test asks for: those its messages need, and those only its conditions read. */
export interface TTestFields {
  required: string[];
  optional: string[];
}

/**
 * The fields of the "Test on my phone" dialog for a saved journey: every `{{variable}}`
 * its messages use (the test is refused without them, as a launch's contact would be), then
 * the variables only condition rules read. None for a journey with problems: it cannot be
 * tested, and the dialog is not offered then.
 */
export function testFields(journey: { name: string; nodes: unknown[]; edges: unknown[] }): TTestFields {
  const checked = validateJourney(journey);
  if (!checked.ok) return { required: [], optional: [] };
  const required = journeyVariables(checked.journey);
  const known = new Set([...required, ...BUILTIN_VARIABLES]);
  const optional = new Set<string>();
  for (const node of checked.journey.nodes) {
    if (node.type !== 'condition') continue;
    for (const rule of node.data.rules) if (!known.has(rule.variable)) optional.add(rule.variable);
  }
  return { required, optional: [...optional].sort() };
}

/** The body of POST /api/journeys/{id}/test: blank variables are left out (absent, as in a launch). */
export function testBody(
  phone: string,
  values: Record<string, string>,
): { phone: string; vars: Record<string, string> } {
  const vars = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
  return { phone: phone.trim(), vars };
}

/**
 * The API's field problems keyed by the dialog's fields: `phone`, each variable's name, and
 * `''` for whatever names no field (shown above the form).
 */
export function testFieldErrors(error: unknown, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(error))) {
    const name = path.startsWith('vars.') ? path.slice('vars.'.length) : path;
    const key = name === 'phone' || fields.includes(name) ? name : '';
    out[key] ??= message;
  }
  return out;
}
