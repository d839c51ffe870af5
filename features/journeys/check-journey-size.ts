import { journeySizeIssues, type TJourneyDefinition } from '../../core/journey/journey-size.js';
import { AppError } from '../../infra/app-error.js';

/**
 * Refuses a journey past the limits every contact's workflow input must fit in
 * (MAX_JOURNEY_NODES, MAX_JOURNEY_BYTES).
 * @throws AppError invalid_input with each limit passed as `{ path, message, limit }`.
 */
export function checkJourneySize(journey: TJourneyDefinition): void {
  const size = journeySizeIssues(journey);
  if (size.length > 0) {
    throw new AppError('invalid_input', `The journey is too large: ${size.map((s) => s.message).join('; ')}.`, size);
  }
}
