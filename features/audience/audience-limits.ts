import { AppError } from '../../infra/app-error.js';
import { BUILTIN_VARIABLES } from '../../core/journey/constants.js';

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
