import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';

/** Asked when the user navigates away from a journey with unsaved changes. */
export function LeaveUnsavedDialog({
  open,
  onStay,
  onLeave,
}: {
  open: boolean;
  onStay: () => void;
  onLeave: () => void;
}) {
  return (
    <Dialog open={open} onClose={onStay} aria-labelledby="leave-unsaved-title">
      <DialogTitle id="leave-unsaved-title">Leave without saving?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          This journey has changes that are not saved. If you leave now, they are lost.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onStay} autoFocus>
          Stay
        </Button>
        <Button color="error" onClick={onLeave}>
          Leave without saving
        </Button>
      </DialogActions>
    </Dialog>
  );
}
