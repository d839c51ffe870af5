import type { TProblem } from '../../../../core/index.js';

/** A node's problems sorted for its form: per data field, and the rest for the whole node. */
export interface TFieldErrors {
  /** Keyed by the path inside `data`: "body", "branches.0.value", "contentVariables.1". */
  fields: ReadonlyMap<string, readonly string[]>;
  general: readonly string[];
}

export const NO_FIELD_ERRORS: TFieldErrors = { fields: new Map(), general: [] };

function dataPath(problem: TProblem): string | undefined {
  const path = problem.path ?? [];
  // Node problems are located as ["nodes", index, "data", ...field]; anything else
  // (missing outputs, reachability, edges) concerns the node as a whole.
  if (path[0] !== 'nodes' || path[2] !== 'data' || path.length < 4) return undefined;
  return path.slice(3).join('.');
}

/** Core prefixes schema messages with the field path ("branches.0.value: ..."); a field's own error needs no prefix. */
function withoutPrefix(message: string, field: string): string {
  const prefix = `${field}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** Sorts core's problems for one node into field errors and node-level ones. */
export function fieldErrors(problems: readonly TProblem[]): TFieldErrors {
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  for (const problem of problems) {
    const field = dataPath(problem);
    if (field === undefined) {
      general.push(problem.message);
      continue;
    }
    fields.set(field, [...(fields.get(field) ?? []), withoutPrefix(problem.message, field)]);
  }
  return { fields, general };
}

/** The error text of one field, or undefined; several problems are joined. */
export function errorFor(errors: TFieldErrors, field: string): string | undefined {
  const list = errors.fields.get(field);
  return list === undefined || list.length === 0 ? undefined : list.join('; ');
}
