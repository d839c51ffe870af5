import Alert from '@mui/material/Alert';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { errorMessage } from '../../api-client/errors';
import type { TTemplate } from '../templates/template-queries';
import { VariablePreview } from '../templates/VariablePreview';
import type { TChannel } from './campaign-message';
import type { TMessageDraft } from './create-campaign';

interface Props {
  value: TMessageDraft;
  onChange: (draft: TMessageDraft) => void;
  templates: { data: readonly TTemplate[] | undefined; error: unknown; isPending: boolean };
}

/** Channel, then either a written body with live variable highlighting or a template of the workspace. */
export function MessageFields({ value, onChange, templates }: Props) {
  const sourceLabel = useId();
  const set = (patch: Partial<TMessageDraft>) => onChange({ ...value, ...patch });
  const template = templates.data?.find((t) => t.id === value.templateId);

  return (
    <Stack spacing={2}>
      <TextField
        select
        label="Channel"
        value={value.channel}
        onChange={(e) => set({ channel: e.target.value as TChannel })}
        sx={{ maxWidth: 240 }}
      >
        <MenuItem value="whatsapp">WhatsApp</MenuItem>
        <MenuItem value="sms">SMS</MenuItem>
      </TextField>
      <div>
        <FormLabel id={sourceLabel}>Message</FormLabel>
        <RadioGroup
          row
          aria-labelledby={sourceLabel}
          value={value.source}
          onChange={(e) => set({ source: e.target.value as TMessageDraft['source'] })}
        >
          <FormControlLabel value="body" control={<Radio />} label="Write a message" />
          <FormControlLabel value="template" control={<Radio />} label="Use a template" />
        </RadioGroup>
      </div>
      {value.source === 'body' ? (
        <div>
          <TextField
            label="Message text"
            multiline
            minRows={3}
            fullWidth
            value={value.body}
            onChange={(e) => set({ body: e.target.value })}
            helperText="Write variables as {{first_name}}: each must be a column of the CSV."
          />
          <VariablePreview text={value.body} />
        </div>
      ) : (
        <div>
          {templates.error !== null && templates.error !== undefined && (
            <Alert severity="error">Could not load templates: {errorMessage(templates.error)}</Alert>
          )}
          <TextField
            select
            label="Template"
            fullWidth
            value={value.templateId}
            onChange={(e) => set({ templateId: e.target.value })}
            disabled={templates.isPending}
            helperText={
              templates.isPending
                ? 'Loading templates…'
                : templates.data?.length === 0
                  ? 'No templates yet: create one under Templates.'
                  : undefined
            }
          >
            {(templates.data ?? []).map((t) => (
              <MenuItem key={t.id} value={t.id}>
                {t.name} · {t.language} · {t.category}
              </MenuItem>
            ))}
          </TextField>
          {template && (
            <>
              <VariablePreview text={template.content} />
              <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
                {value.channel === 'whatsapp' && template.contentSid
                  ? `Sent as the approved WhatsApp template ${template.contentSid}.`
                  : 'Sent as text: this template has no approved WhatsApp content yet.'}
              </Typography>
            </>
          )}
        </div>
      )}
    </Stack>
  );
}
