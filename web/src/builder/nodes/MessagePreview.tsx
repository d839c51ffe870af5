import { previewSegments } from '../message-preview';

/** A message body with `{{variables}}` as chips and broken placeholders in red. */
export function MessagePreview({ body, max = 120 }: { body: string; max?: number }) {
  if (body.trim() === '')
    return <span className="jb-node__muted">Empty message: write the text in the side panel</span>;
  return (
    <span>
      {previewSegments(body, max).map((segment, i) => {
        if (segment.kind === 'text') return <span key={i}>{segment.text}</span>;
        if (segment.kind === 'broken') {
          return (
            <span key={i} className="jb-var jb-var--broken" title="Not a valid placeholder: write {{name}}">
              {segment.text}
            </span>
          );
        }
        return (
          <span key={i} className="jb-var" title={`Filled from the contact's "${segment.name}"`}>
            {segment.name}
          </span>
        );
      })}
    </span>
  );
}
