import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { enqueueSnackbar } from 'notistack';
import { useState } from 'react';
import { errorMessage } from '../../api-client/errors';
import { useMigrateRun, type TMigration, type TRunDetail } from './run-queries';
import { contactsBehind } from './run-status';

/**
 * After the run's journey was edited: "Move waiting contacts to version N". The dialog shows
 * the dry run's plan first (who would move, who stays where and why), and moves only on
 * confirmation; then it shows what happened, which may differ from the plan by the contacts
 * that moved on meanwhile.
 */
export function MigrateRunOffer({ run, nodeName }: { run: TRunDetail; nodeName: (id: string) => string }) {
  const [open, setOpen] = useState(false);
  const plan = useMigrateRun(run.id);
  const move = useMigrateRun(run.id);
  const behind = contactsBehind(run);
  if (behind === 0 && !open) return null;

  const start = () => {
    move.reset();
    setOpen(true);
    plan.mutate(true);
  };
  const confirm = () =>
    move.mutate(false, {
      onSuccess: (result) =>
        enqueueSnackbar(`${plural(result.moved)} moved to version ${result.version}.`, { variant: 'success' }),
    });
  const shown = move.data ?? plan.data;
  const busy = plan.isPending || move.isPending;

  return (
    <>
      <Alert
        severity="info"
        sx={{ mb: 2 }}
        action={
          <Button color="inherit" onClick={start}>
            Move waiting contacts to version {run.latestVersion}
          </Button>
        }
      >
        The journey was edited after this run was launched (version {run.version}): version {run.latestVersion} is
        saved, and {plural(behind)} of this run still walk an older one.
      </Alert>
      <Dialog
        open={open}
        onClose={() => !busy && setOpen(false)}
        aria-labelledby="migrate-run-title"
        maxWidth="sm"
        fullWidth
      >
        <DialogTitle id="migrate-run-title">
          {move.data ? 'Contacts moved' : `Move waiting contacts to version ${run.latestVersion}?`}
        </DialogTitle>
        <DialogContent>
          {plan.isPending && <DialogContentText>Planning the move…</DialogContentText>}
          {(plan.error ?? move.error) && <Alert severity="error">{errorMessage(plan.error ?? move.error)}</Alert>}
          {shown && <MigrationSummary result={shown} nodeName={nodeName} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            {move.data ? 'Close' : 'Cancel'}
          </Button>
          {!move.data && (
            <Button
              variant="contained"
              onClick={confirm}
              loading={move.isPending}
              disabled={!plan.data || plan.data.moved === 0}
            >
              Move {plan.data ? plural(plan.data.moved) : 'contacts'}
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </>
  );
}

function MigrationSummary({ result, nodeName }: { result: TMigration; nodeName: (id: string) => string }) {
  return (
    <>
      <DialogContentText aria-label="Moved">
        {result.dryRun
          ? `${plural(result.moved)} waiting where version ${result.version} is safe for them would move now. Their waits keep their deadlines, and no message they were sent is sent again.`
          : `${plural(result.moved)} moved to version ${result.version}.`}
        {result.current > 0 && ` ${plural(result.current)} already walk it.`}
      </DialogContentText>
      {result.staying.length > 0 && (
        <>
          <Typography variant="subtitle2" sx={{ mt: 2 }}>
            {result.dryRun ? 'Would stay on their version' : 'Stayed on their version'}
          </Typography>
          <Table size="small" aria-label="Contacts staying">
            <TableHead>
              <TableRow>
                <TableCell>Node</TableCell>
                <TableCell align="right">Contacts</TableCell>
                <TableCell>Why</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.staying.map((row) => (
                <TableRow key={`${row.nodeId}-${row.reason}`}>
                  <TableCell>{nodeName(row.nodeId)}</TableCell>
                  <TableCell align="right">{row.count.toLocaleString()}</TableCell>
                  <TableCell>{row.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </>
  );
}

function plural(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'contact' : 'contacts'}`;
}
