import type { TNodeView } from '../types';
import { ConditionForm } from './ConditionForm';
import type { TFieldErrors } from './field-errors';
import { MessageForm } from './MessageForm';
import { SplitForm } from './SplitForm';
import { WaitForm } from './WaitForm';
import { WaitForReplyForm } from './WaitForReplyForm';

interface TNodeFormProps {
  node: TNodeView;
  update: (patch: Record<string, unknown>) => void;
  errors: TFieldErrors;
  variables?: readonly string[] | undefined;
}

/** The form of the node's type; start and end have nothing to edit beyond their label. */
export function NodeForm({ node, update, errors, variables }: TNodeFormProps) {
  const common = { nodeId: node.id, update, errors };
  switch (node.type) {
    case 'message':
      return <MessageForm {...common} data={node.data} variables={variables} />;
    case 'wait':
      return <WaitForm {...common} data={node.data} />;
    case 'waitForReply':
      return <WaitForReplyForm {...common} data={node.data} />;
    case 'condition':
      return <ConditionForm {...common} data={node.data} variables={variables} />;
    case 'split':
      return <SplitForm {...common} data={node.data} />;
    case 'start':
    case 'end':
      return null;
  }
}
