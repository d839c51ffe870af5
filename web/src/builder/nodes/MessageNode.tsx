import ArticleOutlined from '@mui/icons-material/ArticleOutlined';
import SmsOutlined from '@mui/icons-material/SmsOutlined';
import WhatsApp from '@mui/icons-material/WhatsApp';
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { shortSid } from '../message-preview';
import type { TFlowNodeOf, TNodeData } from '../types';
import { MessagePreview } from './MessagePreview';
import { NodeIcon } from './NodeIcon';
import { NodeShell } from './NodeShell';
import { nodeOutputs } from './outputs';

function Channel({ data }: { data: TNodeData<'message'> }) {
  const whatsapp = data.channel === 'whatsapp';
  return (
    <div className="jb-node__line">
      {whatsapp ? <WhatsApp aria-hidden /> : <SmsOutlined aria-hidden />}
      <span>{whatsapp ? 'WhatsApp' : 'SMS'}</span>
      {data.contentSid !== undefined && (
        <>
          <ArticleOutlined aria-hidden />
          <span title={data.contentSid}>template {shortSid(data.contentSid)}</span>
        </>
      )}
    </div>
  );
}

function TemplateVariables({ variables }: { variables: Record<string, string> }) {
  const entries = Object.entries(variables);
  if (entries.length === 0) return <div className="jb-node__muted">No template variables</div>;
  return (
    <div className="jb-node__preview">
      {entries.slice(0, 4).map(([key, value]) => (
        <div key={key}>
          {`{{${key}}} = `}
          <MessagePreview body={value} max={40} />
        </div>
      ))}
      {entries.length > 4 && <div className="jb-node__muted">and {entries.length - 4} more</div>}
    </div>
  );
}

/** The quick-reply buttons the phone will show, as a line of titles. */
function QuickReplies({ buttons }: { buttons: ReadonlyArray<{ id: string; title: string }> | undefined }) {
  if (!buttons || buttons.length === 0) return null;
  return (
    <div className="jb-node__muted" aria-label="Quick-reply buttons">
      Buttons: {buttons.map((b) => `[${b.title}]`).join(' ')}
    </div>
  );
}

/** Sends a message: channel, then a preview of the text or the template and its variables. */
export const MessageNode = memo(function MessageNode({ id, data, selected }: NodeProps<TFlowNodeOf<'message'>>) {
  return (
    <NodeShell
      id={id}
      type="message"
      selected={selected}
      icon={<NodeIcon type="message" />}
      label={data.label}
      outputs={nodeOutputs({ id, type: 'message', data })}
    >
      <Channel data={data} />
      {data.contentSid !== undefined ? (
        <>
          <TemplateVariables variables={data.contentVariables ?? {}} />
          <QuickReplies buttons={data.buttons} />
        </>
      ) : (
        <div className="jb-node__preview">
          <MessagePreview body={data.body ?? ''} />
        </div>
      )}
    </NodeShell>
  );
});
