/** The nodes a contact passes in an instant, deciding its branch from its own variables. */
import { evaluateCondition } from '../core/condition.js';
import type { TJourneyNode } from '../core/journey/schema.js';
import { chooseSplitBranch } from '../core/split.js';
import type { TContactJourneyInput } from './contract/index.js';

/** The branch a contact takes at a condition or split node; undefined for any other node. */
export function instantBranch(
  input: Pick<TContactJourneyInput, 'vars' | 'contactId'>,
  node: TJourneyNode,
): string | undefined {
  switch (node.type) {
    case 'condition':
      return evaluateCondition(node.data.rules, input.vars);
    case 'split':
      // Seeded by contact and node: the same contact always lands in the same branch.
      return chooseSplitBranch(node.data.branches, `${input.contactId}:${node.id}`);
    default:
      return undefined;
  }
}
