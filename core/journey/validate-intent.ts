import type { TProblem } from './problems.js';
import type { TValidationContext } from './validate-context.js';

/**
 * When the deployment has no AI model to classify replies (`hasIntentClassifier` false),
 * each intent branch is a problem: a contact reaching it could never take it. Unchecked
 * when the caller does not say (undefined), as when a draft is saved.
 */
export function checkIntentClassifier(ctx: TValidationContext, hasIntentClassifier: boolean | undefined): TProblem[] {
  if (hasIntentClassifier !== false) return [];
  return ctx.nodes.flatMap((info) => {
    const node = info.node;
    if (node?.type !== 'waitForReply') return [];
    return node.data.branches.flatMap((branch, i) =>
      branch.match !== 'intent'
        ? []
        : [
            {
              code: 'intent_unavailable' as const,
              message: `intent branch "${branch.id}" needs the AI model to classify replies, and none is configured (OPENAI_API_KEY)`,
              nodeId: info.id,
              path: ['nodes', info.index, 'data', 'branches', i, 'match'],
            },
          ],
    );
  });
}
