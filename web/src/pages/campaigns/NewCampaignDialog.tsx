import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { enqueueSnackbar } from 'notistack';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api-client/errors';
import { fetchTemplatePage } from '../templates/template-queries';
import { messageVariables } from './campaign-message';
import { createProblems, draftMessage, EMPTY_MESSAGE, type TMessageDraft } from './create-campaign';
import { missingColumns } from './csv-preview';
import { CsvAudienceField, type TCsvAudience } from './CsvAudienceField';
import { MessageFields } from './MessageFields';
import { RejectedRows, type TRejectedRow } from '../../components/RejectedRows';
import { useCreateCampaign } from './use-create-campaign';

/** After a create with rejected rows: what was accepted, what was not, and the way to the campaign. */
interface TCreated {
  campaignId: string;
  accepted: number;
  rejected: TRejectedRow[];
}

/**
 * "New campaign": name, channel, a written body or a template, and a CSV audience. A
 * campaign with every row accepted opens at once; otherwise the rejected rows are listed
 * first, because the user probably wants to fix and resend them.
 */
export function NewCampaignDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const titleId = useId();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [message, setMessage] = useState<TMessageDraft>(EMPTY_MESSAGE);
  const [audience, setAudience] = useState<TCsvAudience>();
  const [created, setCreated] = useState<TCreated>();
  const create = useCreateCampaign();
  const templates = useQuery({
    queryKey: ['templates', 'picker'],
    queryFn: async () => (await fetchTemplatePage(undefined, 100)).items,
    enabled: open,
  });

  const built = draftMessage(message, templates.data ?? []);
  const missing = useMemo(
    () =>
      built && audience ? missingColumns(messageVariables(built), audience.preview.headers, audience.phoneColumn) : [],
    [built, audience],
  );
  const canSubmit =
    name.trim() !== '' &&
    built !== undefined &&
    audience !== undefined &&
    audience.phoneColumn !== '' &&
    !create.isPending;
  const problems =
    create.error instanceof ApiError ? createProblems(create.error.details) : { rejected: [], problems: [] };

  const close = () => {
    if (create.isPending) return;
    setName('');
    setMessage(EMPTY_MESSAGE);
    setAudience(undefined);
    setCreated(undefined);
    create.reset();
    onClose();
  };
  const openCampaign = (campaignId: string) => {
    close();
    void navigate(`/campaigns/${campaignId}`);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit) return;
    create.mutate(
      { name, message: built, phoneColumn: audience.phoneColumn, file: audience.file },
      {
        onSuccess: (result) => {
          enqueueSnackbar(`Campaign started for ${result.accepted} recipient${result.accepted === 1 ? '' : 's'}`, {
            variant: 'success',
          });
          if (result.rejected.length === 0) openCampaign(result.campaignId);
          else setCreated(result);
        },
      },
    );
  };

  return (
    <Dialog open={open} onClose={close} aria-labelledby={titleId} maxWidth="md" fullWidth>
      <DialogTitle id={titleId}>{created ? 'Campaign started' : 'New campaign'}</DialogTitle>
      {created ? (
        <>
          <DialogContent>
            <Alert severity="warning" sx={{ mb: 2 }}>
              {created.accepted} recipient{created.accepted === 1 ? '' : 's'} accepted; {created.rejected.length} row
              {created.rejected.length === 1 ? ' was' : 's were'} rejected and will not be sent to.
            </Alert>
            <RejectedRows rows={created.rejected} />
          </DialogContent>
          <DialogActions>
            <Button variant="contained" onClick={() => openCampaign(created.campaignId)}>
              Open campaign
            </Button>
          </DialogActions>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <DialogContent dividers>
            <Stack spacing={2.5}>
              <TextField label="Name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
              <MessageFields value={message} onChange={setMessage} templates={templates} />
              <Divider />
              <Typography variant="subtitle2" component="h3">
                Audience
              </Typography>
              <CsvAudienceField value={audience} onChange={setAudience} />
              {missing.length > 0 && (
                <Alert severity="warning">
                  The message uses {missing.map((m) => `{{${m}}}`).join(', ')} but the file has no such column: every
                  row would be rejected.
                </Alert>
              )}
              {create.isError && (
                <Alert severity="error" role="alert">
                  {errorMessage(create.error)}
                  {problems.problems.length > 0 && (
                    <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                      {problems.problems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  )}
                </Alert>
              )}
              {problems.rejected.length > 0 && <RejectedRows rows={problems.rejected} />}
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={close} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="contained" disabled={!canSubmit}>
              {create.isPending ? 'Creating…' : 'Create campaign'}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
