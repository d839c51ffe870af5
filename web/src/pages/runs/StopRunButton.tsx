import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { enqueueSnackbar } from 'notistack';
import { useState } from 'react';
import { useStopRun } from './run-queries';

/**
 * "Stop run" and its confirmation: stopping cannot be undone (contacts that have not ended
 * are stopped where they are), so it is never one click. While the dialog is open the page
 * behind it is hidden from assistive technology, so its confirm button may share the name.
 */
export function StopRunButton({ runId, total }: { runId: string; total: number }) {
  const [open, setOpen] = useState(false);
  const stop = useStopRun(runId);
  const confirm = () =>
    stop.mutate(undefined, {
      onSuccess: () => {
        setOpen(false);
        enqueueSnackbar('Stopping the run: contacts stop in the background.', { variant: 'info' });
      },
    });

  return (
    <>
      <Button variant="outlined" color="error" onClick={() => setOpen(true)}>
        Stop run
      </Button>
      <Dialog open={open} onClose={() => !stop.isPending && setOpen(false)} aria-labelledby="stop-run-title">
        <DialogTitle id="stop-run-title">Stop this run?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            No further contacts start, and every one of the {total.toLocaleString()} contacts that has not finished is
            stopped where it is. Messages already sent stay sent. This cannot be undone.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={stop.isPending}>
            Cancel
          </Button>
          <Button variant="contained" color="error" onClick={confirm} loading={stop.isPending}>
            Stop run
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
