import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useMemo, useRef, useState } from 'react';
import { MAX_BODY_LENGTH } from '../../../../core/index.js';
import { useBuilderStore } from '../builder-context';
import { errorFor } from './field-errors';
import type { TFormProps } from './form-types';
import { insertableVariables, insertVariable, toTemplatePatch, toTextPatch } from './message-ops';
import { TemplateFields } from './TemplateFields';
import { VariablePicker } from './VariablePicker';

/** Message texts anywhere in the journey, read once when the form opens (not on every drag frame). */
function useJourneyTexts(): string[] {
  const store = useBuilderStore();
  const [texts] = useState(() =>
    store.getState().nodes.flatMap((n) => (n.type === 'message' && n.data.body !== undefined ? [n.data.body] : [])),
  );
  return texts;
}

/** Edits a message: channel, then free text with {{variables}} or an approved template. */
export function MessageForm({
  data,
  update,
  errors,
  variables,
}: TFormProps<'message'> & { variables?: readonly string[] | undefined }) {
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const isTemplate = data.contentSid !== undefined;
  const texts = useJourneyTexts();
  const insertable = useMemo(() => insertableVariables(variables, texts), [variables, texts]);
  const body = data.body ?? '';
  const bodyError = errorFor(errors, 'body');

  const insert = (name: string) => {
    const el = bodyRef.current;
    const next = insertVariable(body, el?.selectionStart ?? body.length, el?.selectionEnd ?? body.length, name);
    update({ body: next.text });
    // Put the caret after the placeholder once React has written the new value.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <Stack spacing={2}>
      <TextField
        select
        label="Channel"
        value={data.channel}
        onChange={(e) => update({ channel: e.target.value })}
        disabled={isTemplate}
        error={errorFor(errors, 'channel') !== undefined}
        helperText={
          errorFor(errors, 'channel') ??
          (isTemplate
            ? 'Approved templates are WhatsApp only'
            : data.channel === 'whatsapp'
              ? 'Free text reaches only contacts who wrote in the last 24 hours; use an approved template to start a conversation'
              : undefined)
        }
        size="small"
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value="whatsapp">WhatsApp</option>
        <option value="sms">SMS</option>
      </TextField>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={isTemplate ? 'template' : 'text'}
        onChange={(_, next: string | null) => {
          if (next === 'template' && !isTemplate) update(toTemplatePatch());
          if (next === 'text' && isTemplate) update(toTextPatch());
        }}
        aria-label="Message content"
      >
        <ToggleButton value="text">Free text</ToggleButton>
        <ToggleButton value="template">Approved template</ToggleButton>
      </ToggleButtonGroup>
      {isTemplate ? (
        <TemplateFields data={data} update={update} errors={errors} />
      ) : (
        <>
          <TextField
            label="Message body"
            value={body}
            onChange={(e) => update({ body: e.target.value })}
            inputRef={bodyRef}
            multiline
            minRows={4}
            maxRows={14}
            fullWidth
            error={bodyError !== undefined}
            helperText={
              bodyError ?? `${body.length}/${MAX_BODY_LENGTH} · write {{firstName}} to fill in a contact field`
            }
          />
          <VariablePicker variables={insertable} onInsert={insert} />
        </>
      )}
      <TextField
        select
        label="Over the frequency cap"
        value={data.overCap ?? ''}
        onChange={(e) => update({ overCap: e.target.value === '' ? undefined : e.target.value })}
        helperText="What happens when this contact already got too many messages"
        size="small"
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        <option value="">Journey setting</option>
        <option value="wait">Wait, then send</option>
        <option value="skip">Skip this message</option>
      </TextField>
    </Stack>
  );
}
