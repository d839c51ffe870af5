import { malformedPlaceholders, templateVariables } from '../render.js';
import { BUILTIN_VARIABLES } from './constants.js';
import type { TProblem } from './problems.js';
import type { TJourneyNode, TMessageNode } from './schema.js';
import type { TNodeInfo, TValidationContext } from './validate-context.js';

type TPath = Array<string | number>;

interface TTemplateText {
  text: string;
  path: TPath;
}

/** The texts of a message that may hold `{{var}}` placeholders, with their data paths. */
function messageTexts(node: TMessageNode): TTemplateText[] {
  const data = node.data;
  if (data.contentSid === undefined) return [{ text: data.body, path: ['data', 'body'] }];
  return Object.entries(data.contentVariables).map(([key, text]) => ({
    text,
    path: ['data', 'contentVariables', key],
  }));
}

function checkText(info: TNodeInfo, t: TTemplateText, known: ReadonlySet<string> | undefined): TProblem[] {
  const path = ['nodes', info.index, ...t.path];
  const malformed = malformedPlaceholders(t.text).map((snippet) => ({
    code: 'bad_placeholder' as const,
    message: `"${snippet}" is not a valid placeholder; write {{name}} with a letter-or-_ name and no spaces inside`,
    nodeId: info.id,
    path,
  }));
  const unknown = templateVariables(t.text)
    .filter((name) => known !== undefined && !known.has(name))
    .map((name) => unknownVariable(info, name, path));
  return [...malformed, ...unknown];
}

function unknownVariable(info: TNodeInfo, name: string, path: TPath): TProblem {
  const message = `variable "${name}" is not a known contact field`;
  return { code: 'unknown_variable', message, nodeId: info.id, path };
}

function checkNode(info: TNodeInfo, node: TJourneyNode, known: ReadonlySet<string> | undefined): TProblem[] {
  if (node.type === 'message') return messageTexts(node).flatMap((t) => checkText(info, t, known));
  if (node.type !== 'condition' || known === undefined) return [];
  // `exists` is how a journey asks whether an optional field is there, so it may name any field.
  return node.data.rules.flatMap((rule, i) =>
    rule.op === 'exists' || known.has(rule.variable)
      ? []
      : [unknownVariable(info, rule.variable, ['nodes', info.index, 'data', 'rules', i, 'variable'])],
  );
}

/**
 * Malformed placeholders always; unknown variables in message texts and condition rules
 * only when the caller knows the contact fields (`phone` is always known).
 */
export function checkVariables(ctx: TValidationContext, knownVariables: readonly string[] | undefined): TProblem[] {
  const known = knownVariables === undefined ? undefined : new Set([...knownVariables, ...BUILTIN_VARIABLES]);
  return ctx.nodes.flatMap((info) => (info.node === undefined ? [] : checkNode(info, info.node, known)));
}
