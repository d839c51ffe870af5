import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import FactCheckOutlined from '@mui/icons-material/FactCheckOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api-client/errors';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { ConfirmDialog } from '../campaigns/ConfirmDialog';
import { TemplateCheckPanel } from './TemplateCheckPanel';
import { sameValues, toFormValues, type TTemplateValues } from './template-form';
import { MAX_TEMPLATE_BODY, TEMPLATE_CATEGORIES, type TTemplate } from './template-queries';
import { useTemplateActions } from './use-template-actions';
import { VariablePreview } from './VariablePreview';

/** The template editor's form; mounted once per template (keyed by id), so its state starts from that template. */
export function TemplateForm({ template }: { template: TTemplate | undefined }) {
  const [values, setValues] = useState<TTemplateValues>(() => toFormValues(template));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { save, remove, check } = useTemplateActions(template);
  const isDirty = !template || !sameValues(values, toFormValues(template));
  const errors = fieldErrors(save.error);
  const set = <K extends keyof TTemplateValues>(key: K, value: TTemplateValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  // A fresh check wins; otherwise the stored one, which the API clears when the text changes.
  const shownCheck = check.data ?? template?.validation ?? undefined;
  const checkedValues = check.data ? check.variables?.values : template ? toFormValues(template) : undefined;
  const isCheckStale = shownCheck !== undefined && checkedValues !== undefined && !sameValues(checkedValues, values);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(values);
  };
  const runCheck = () => {
    check.mutate(template && !isDirty ? { kind: 'stored', id: template.id, values } : { kind: 'draft', values });
  };

  return (
    <Box component="form" onSubmit={onSubmit} noValidate>
      <PageHeader
        title={template ? template.name : 'New template'}
        subtitle={
          template ? `${template.category} · ${template.language}` : 'A WhatsApp message template with {{variables}}.'
        }
        actions={
          <>
            {template && (
              <Button color="error" startIcon={<DeleteOutlined />} onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
            <Button type="submit" variant="contained" disabled={save.isPending || !isDirty}>
              {save.isPending ? 'Saving…' : 'Save'}
            </Button>
          </>
        }
      />
      <Box sx={{ display: 'flex', gap: 3, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Paper variant="outlined" sx={{ p: 2, flex: '1 1 520px', minWidth: 0 }}>
          <Stack spacing={2}>
            <TextField
              label="Name"
              required
              value={values.name}
              onChange={(e) => set('name', e.target.value)}
              error={!!errors.name}
              helperText={errors.name}
            />
            <Stack direction="row" spacing={2}>
              <TextField
                select
                label="Category"
                value={values.category}
                onChange={(e) => set('category', e.target.value as TTemplateValues['category'])}
                sx={{ flex: 1 }}
                error={!!errors.category}
                helperText={errors.category}
              >
                {TEMPLATE_CATEGORIES.map((category) => (
                  <MenuItem key={category} value={category}>
                    {category}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                label="Language"
                value={values.language}
                onChange={(e) => set('language', e.target.value.trim())}
                sx={{ flex: 1 }}
                error={!!errors.language}
                helperText={errors.language ?? 'e.g. en, en_US, pt_BR'}
              />
            </Stack>
            <TextField
              label="Content"
              required
              multiline
              minRows={5}
              value={values.content}
              onChange={(e) => set('content', e.target.value)}
              error={!!errors.content || values.content.length > MAX_TEMPLATE_BODY}
              helperText={
                errors.content ??
                `${values.content.length} / ${MAX_TEMPLATE_BODY} characters · write variables as {{first_name}}`
              }
            />
            <VariablePreview text={values.content} />
          </Stack>
        </Paper>
        <Paper
          variant="outlined"
          sx={{ p: 2, flex: '1 1 340px', minWidth: 0 }}
          component="section"
          aria-labelledby="template-check-title"
        >
          <Typography id="template-check-title" variant="h6" component="h2" gutterBottom>
            Policy check
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {template && !isDirty
              ? 'Checks the saved template and keeps the verdict.'
              : 'Checks the text as typed; nothing is saved.'}
          </Typography>
          <Button
            variant="outlined"
            startIcon={check.isPending ? <CircularProgress size={18} aria-hidden /> : <FactCheckOutlined />}
            onClick={runCheck}
            disabled={check.isPending || values.content.trim() === ''}
            aria-busy={check.isPending}
            sx={{ mb: 2 }}
          >
            Check with AI
          </Button>
          {check.isPending && (
            <Typography role="status" variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              Checking against WhatsApp's template policy; this can take a few seconds…
            </Typography>
          )}
          {check.isError && <ErrorState error={check.error} onRetry={runCheck} />}
          {!check.isPending && shownCheck && <TemplateCheckPanel check={shownCheck} isStale={isCheckStale} />}
        </Paper>
      </Box>
      {template && (
        <ConfirmDialog
          open={confirmDelete}
          title="Delete this template?"
          message={`“${template.name}” will be deleted. Campaigns already sent are not affected.`}
          confirmLabel="Delete template"
          busy={remove.isPending}
          onConfirm={() => remove.mutate(template.id, { onSettled: () => setConfirmDelete(false) })}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </Box>
  );
}
