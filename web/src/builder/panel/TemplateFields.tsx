import AddIcon from '@mui/icons-material/Add';
import CloudDownloadOutlined from '@mui/icons-material/CloudDownloadOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import type { TNodeData } from '../types';
import { contentPatch } from './button-ops';
import { fetchContentTemplate } from './content-api';
import { errorFor, type TFieldErrors } from './field-errors';
import { contentVariableRows, nextContentKey, removeContentKey } from './message-ops';
import { TemplateButtons } from './TemplateButtons';

interface TTemplateFieldsProps {
  data: TNodeData<'message'>;
  update: (patch: Record<string, unknown>) => void;
  errors: TFieldErrors;
}

const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

/**
 * An approved WhatsApp template: its Content SID, the values of {{1}}, {{2}}... and its
 * quick-reply buttons, which "Load from Twilio" copies from the template itself.
 */
export function TemplateFields({ data, update, errors }: TTemplateFieldsProps) {
  const vars = data.contentVariables ?? {};
  const setVars = (next: Record<string, string>) => update({ contentVariables: next });
  const sid = data.contentSid ?? '';
  const load = useMutation({
    mutationFn: () => fetchContentTemplate(sid),
    onSuccess: (content) => update(contentPatch(vars, content)),
  });
  return (
    <Stack spacing={1.5}>
      <TextField
        label="Content SID"
        value={data.contentSid ?? ''}
        onChange={(e) => update({ contentSid: e.target.value.trim() })}
        error={errorFor(errors, 'contentSid') !== undefined}
        helperText={
          errorFor(errors, 'contentSid') ?? 'From Twilio Content Template Builder: HX followed by 32 hex digits'
        }
        size="small"
        fullWidth
        placeholder="HX…"
      />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button
          size="small"
          variant="outlined"
          startIcon={<CloudDownloadOutlined />}
          disabled={!CONTENT_SID.test(sid) || load.isPending}
          onClick={() => load.mutate()}
        >
          Load from Twilio
        </Button>
        {load.isSuccess && (
          <Typography variant="caption" color="text.secondary" role="status">
            {load.data.buttons.length === 0
              ? `Loaded “${load.data.friendlyName}”: no quick-reply buttons`
              : `Loaded “${load.data.friendlyName}” with ${load.data.buttons.length} buttons`}
          </Typography>
        )}
      </Stack>
      <Typography variant="subtitle2">Template variables</Typography>
      {contentVariableRows(vars).map(([key, value]) => (
        <Stack key={key} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            label={`Value of {{${key}}}`}
            value={value}
            onChange={(e) => setVars({ ...vars, [key]: e.target.value })}
            error={errorFor(errors, `contentVariables.${key}`) !== undefined}
            helperText={errorFor(errors, `contentVariables.${key}`) ?? 'Text, may use {{contactField}}'}
            size="small"
            fullWidth
          />
          <IconButton
            aria-label={`Remove template variable ${key}`}
            onClick={() => setVars(removeContentKey(vars, key))}
          >
            <DeleteOutline />
          </IconButton>
        </Stack>
      ))}
      {errorFor(errors, 'contentVariables') !== undefined && (
        <Typography color="error" variant="caption">
          {errorFor(errors, 'contentVariables')}
        </Typography>
      )}
      <Button
        startIcon={<AddIcon />}
        size="small"
        onClick={() => setVars({ ...vars, [nextContentKey(vars)]: '' })}
        sx={{ alignSelf: 'flex-start' }}
      >
        Add template variable
      </Button>
      <TemplateButtons value={data.buttons} update={update} errors={errors} />
    </Stack>
  );
}
