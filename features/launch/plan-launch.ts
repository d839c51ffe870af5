import { AppError } from '../../infra/app-error.js';
import type { TJourney } from '../../core/journey/schema.js';
import { journeyVariables, validateJourney } from '../../core/journey/validate.js';
import type { TAudience } from '../audience/index.js';
import type { Db } from '../../infra/db.js';
import { optedOutPhones } from '../consent/opt-outs.js';
import { checkJourneySize } from '../journeys/check-journey-size.js';

/** The rules an audience is read with; the reader (JSON, CSV...) is the caller's, the rules are not. */
export interface TAudienceRules {
  maxRows: number;
  /** Variables the journey's messages use: a contact missing one is rejected. */
  requiredVariables: readonly string[];
  /** Phones that opted out of the workspace's messages: rejected. */
  excludedPhones: ReadonlySet<string>;
}

/** What launching would do: the journey as it would be frozen, and who would and would not get it. */
export interface TLaunchPlan {
  journey: TJourney;
  audience: TAudience;
}

/** The stored journey fields a launch validates. */
export interface TStoredJourney {
  name: string;
  nodes: unknown;
  edges: unknown;
  sendPolicy: unknown;
  goal?: unknown;
}

/**
 * Decides everything a launch decides before it writes anything: the journey must have no
 * problems, and the audience (read by `readAudience` under the journey's required
 * variables, the workspace's opt-outs and `maxRows`) must have at least one contact. Both
 * the real launch and its dry run come through here, so a preview cannot disagree with the
 * launch that follows it. Creates and starts nothing.
 * @throws AppError invalid_input when the journey is past its size limits (saved before they
 *   existed) or has problems (intent branches with no AI model configured among them), or no contact can be launched
 *   (`details.rejected` lists every row and why); whatever `readAudience` throws (400, 413, 415).
 */
export async function planLaunch(
  db: Db,
  request: {
    workspaceId: string;
    journey: TStoredJourney;
    maxRows: number;
    /** An AI model is configured to classify replies: without one, intent branches are problems. */
    hasIntentClassifier: boolean;
  },
  readAudience: (rules: TAudienceRules) => Promise<TAudience>,
): Promise<TLaunchPlan> {
  const { name, nodes, edges, sendPolicy, goal } = request.journey;
  checkJourneySize(request.journey);
  const checked = validateJourney(
    { name, nodes, edges, sendPolicy, goal },
    { hasIntentClassifier: request.hasIntentClassifier },
  );
  if (!checked.ok)
    throw new AppError('invalid_input', 'The journey has problems; fix them before launching.', checked.problems);

  const audience = await readAudience({
    maxRows: request.maxRows,
    requiredVariables: journeyVariables(checked.journey),
    excludedPhones: await optedOutPhones(db, request.workspaceId),
  });
  if (audience.accepted.length === 0) {
    throw new AppError('invalid_input', 'No contact in the audience can be launched.', { rejected: audience.rejected });
  }
  return { journey: checked.journey, audience };
}
