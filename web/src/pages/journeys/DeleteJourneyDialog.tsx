import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { enqueueSnackbar } from 'notistack';
import { useDeleteJourney } from './journey-queries';

/**
 * Confirms deleting a journey. Deleting also deletes its runs, so it says so. A refusal
 * (403 for non-admins, 409 while a run is in flight) is toasted by the global handler
 * and the dialog closes: retrying would get the same answer.
 */
export function DeleteJourneyDialog({
  journey,
  onClose,
}: {
  journey: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const remove = useDeleteJourney();
  const confirm = () => {
    if (!journey) return;
    remove.mutate(journey.id, {
      onSuccess: () => enqueueSnackbar(`Deleted “${journey.name}”.`, { variant: 'success' }),
      onSettled: onClose,
    });
  };
  return (
    <Dialog
      open={journey !== null}
      onClose={() => !remove.isPending && onClose()}
      aria-labelledby="delete-journey-title"
    >
      <DialogTitle id="delete-journey-title">Delete “{journey?.name}”?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          The journey and all its past runs, with their contacts, are deleted. This cannot be undone. Only admins can
          delete journeys.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={remove.isPending}>
          Cancel
        </Button>
        <Button variant="contained" color="error" onClick={confirm} loading={remove.isPending}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
