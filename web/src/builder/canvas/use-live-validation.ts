import { useEffect } from 'react';
import { sameGoal, sameStructure, type TContent } from '../content';
import { indexProblems, validateFlow } from '../problems';
import type { TBuilderStore } from '../store';
import type { TStatusStore } from '../status-store';

/**
 * Re-validates with core's validateJourney whenever the journey changes, and publishes
 * the problems to the nodes (with intent branches as problems when `intentClassifier` is
 * false: no AI model to classify replies). Runs outside React rendering, and skips the work when only
 * positions, selection or sizes changed, so dragging never validates.
 */
export function useLiveValidation(
  store: TBuilderStore,
  status: TStatusStore,
  variables: readonly string[] | undefined,
  intentClassifier?: boolean,
): void {
  // The array's content, not its identity, decides: parents often pass a fresh array.
  const variablesKey = variables === undefined ? undefined : JSON.stringify(variables);
  useEffect(() => {
    const known = variablesKey === undefined ? undefined : (JSON.parse(variablesKey) as string[]);
    let last: TContent | undefined;
    const run = (state: TContent) => {
      if (
        last !== undefined &&
        last.name === state.name &&
        sameGoal(last.goal, state.goal) &&
        sameStructure(last, state)
      )
        return;
      last = { name: state.name, nodes: state.nodes, edges: state.edges, goal: state.goal };
      const problems = validateFlow(state.name, state.nodes, state.edges, known, intentClassifier, state.goal);
      status.setState({ index: indexProblems(problems, status.getState().index) });
    };
    run(store.getState());
    return store.subscribe(run);
  }, [store, status, variablesKey, intentClassifier]);
}
