import { AppError } from '../../infra/app-error.js';
import { checkJourneySize } from './check-journey-size.js';
import { findProblems, type TCheckedFields } from './find-problems.js';

/**
 * Refuses what no journey may be, even as a draft: one larger than the limits every
 * contact's workflow input must fit in (MAX_JOURNEY_NODES, MAX_JOURNEY_BYTES), and a reply
 * pattern (a branch's or the goal's) that RE2 cannot compile (a lookaround, a backreference, a syntax error), which
 * could never match a reply. Other problems are a draft's to keep.
 * @throws AppError invalid_input naming the field and the limit, or the node and the field.
 */
export function checkJourneyLimits(journey: TCheckedFields): void {
  checkJourneySize(journey);
  const patterns = findProblems(journey).filter((p) => p.code === 'bad_regex');
  if (patterns.length > 0) {
    const where = patterns.map(
      (p) => `${p.nodeId === undefined ? 'the goal' : `node "${p.nodeId}"`} (${p.path?.join('.') ?? ''}): ${p.message}`,
    );
    throw new AppError('invalid_input', `Reply patterns must be valid RE2: ${where.join('; ')}.`, patterns);
  }
}
