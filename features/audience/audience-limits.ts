import { AppError } from '../../infra/app-error.js';
import { BUILTIN_VARIABLES, MAX_VARIABLE_LENGTH, MAX_VARIABLES } from '../../core/journey/constants.js';

// Why these limits: see core/journey/constants.ts. Every contact's (or recipient's)
// variables travel in its workflow input, which Temporal caps at 2 MB.
export { MAX_VARIABLE_LENGTH, MAX_VARIABLES };

/** The 413 both parsers throw when a launch has more contacts than allowed. */
export function tooManyContacts(maxRows: number): AppError {
  return new AppError('payload_too_large', `at most ${maxRows} contacts per launch`, { maxRows });
}

/**
 * Names that pass `isVariableName` but cannot be contact variables: the built-in `phone`
 * would shadow the contact's number, and `__proto__` cannot be a plain object key.
 */
export function reservedVariableReason(name: string): string | undefined {
  if (BUILTIN_VARIABLES.includes(name)) return `"${name}" is built in: it is always the contact's phone number`;
  if (name === '__proto__') return `"${name}" is a reserved name`;
  return undefined;
}

/** Why a variable value is refused for its length, or undefined when it fits. */
export function variableLengthProblem(name: string, value: string): string | undefined {
  if (value.length <= MAX_VARIABLE_LENGTH) return undefined;
  return `variable "${name}" is ${value.length} characters long; the limit is ${MAX_VARIABLE_LENGTH}`;
}

/** Why a contact's number of variables is refused, or undefined when it fits. */
export function variableCountProblem(count: number): string | undefined {
  if (count <= MAX_VARIABLES) return undefined;
  return `${count} variables; the limit is ${MAX_VARIABLES} per contact`;
}
