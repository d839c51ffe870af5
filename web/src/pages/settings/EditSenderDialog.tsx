import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { enqueueSnackbar } from 'notistack';
import { useId, useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api-client/errors';
import { SenderKindField, SenderRateField } from './SenderFields';
import { useUpdateSender, type TSender, type TSenderKind } from './sender-queries';

/**
 * Changes a sender's kind or rate in place: removing and re-adding it would lose the
 * contacts that stuck to it. Mounted for one edit, so its fields start from the sender as it
 * was when opened. The API decides what is valid (a Messaging Service needs its rate); its
 * refusal is shown under the field it names.
 */
export function EditSenderDialog({ sender, onClose }: { sender: TSender; onClose: () => void }) {
  const titleId = useId();
  const formId = useId();
  const [kind, setKind] = useState<TSenderKind>(sender.kind);
  const [rate, setRate] = useState(sender.customRate === null ? '' : String(sender.customRate));
  const update = useUpdateSender();
  const { kind: kindProblem, ratePerSec: rateProblem, ...otherProblems } = fieldErrors(update.error);
  const others = Object.values(otherProblems);
  const isOnAField = kindProblem !== undefined || rateProblem !== undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: sender.id, kind, ratePerSec: rate.trim() ? Number(rate) : null },
      {
        onSuccess: ({ sender: saved }) => {
          enqueueSnackbar(`Saved ${saved.address}.`, { variant: 'success' });
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onClose={() => !update.isPending && onClose()} maxWidth="xs" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Edit {sender.address}</DialogTitle>
      <DialogContent dividers>
        <Stack component="form" id={formId} spacing={2} onSubmit={submit}>
          <DialogContentText variant="body2">
            Applies from its next send. Contacts that were first messaged from it keep it.
          </DialogContentText>
          <SenderKindField value={kind} onChange={setKind} problem={kindProblem} />
          <SenderRateField
            value={rate}
            onChange={setRate}
            problem={rateProblem}
            hint={
              kind === 'messaging_service'
                ? 'A Messaging Service needs its rate'
                : "Empty: Twilio's figure for the kind"
            }
          />
          {update.error && (!isOnAField || others.length > 0) && (
            <Alert severity="error">{[errorMessage(update.error), ...others].join(' ')}</Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" form={formId} variant="contained" loading={update.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
