import AddIcon from '@mui/icons-material/Add';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { useBuilder } from '../builder-context';
import { buttonBranchOffer } from './button-ops';
import { DurationField } from './DurationField';
import { errorFor } from './field-errors';
import type { TFormProps } from './form-types';
import { newReplyBranch, patchAt, removeAt } from './list-ops';
import { ReplyBranchRow } from './ReplyBranchRow';

/** Edits a wait-for-reply: how long to wait, and the reply branches in priority order. */
export function WaitForReplyForm({ nodeId, data, update, errors }: TFormProps<'waitForReply'>) {
  const branches = data.branches;
  const nodes = useBuilder((s) => s.nodes);
  const edges = useBuilder((s) => s.edges);
  const offer = useMemo(() => buttonBranchOffer({ nodes, edges }, nodeId, branches), [nodes, edges, nodeId, branches]);
  return (
    <Stack spacing={2}>
      <DurationField
        value={data.timeout}
        onChange={(timeout) => update({ timeout })}
        amountLabel="Timeout"
        unitLabel="Timeout unit"
        error={errorFor(errors, 'timeout')}
      />
      <Typography variant="subtitle2" component="h3">
        Reply branches
      </Typography>
      <Typography variant="body2" color="text.secondary">
        The first branch that matches wins. A reply matching none takes “no match”; silence takes the timeout.
        {branches.some((b) => b.match === 'intent') &&
          ' “Reply means” branches come last: the AI model is asked only when no other branch matches, and a reply it cannot place takes “no match”.'}
      </Typography>
      {errorFor(errors, 'branches') && (
        <Typography color="error" variant="body2">
          {errorFor(errors, 'branches')}
        </Typography>
      )}
      {branches.map((branch, i) => (
        <ReplyBranchRow
          key={i}
          index={i}
          branch={branch}
          errors={errors}
          onChange={(patch) => update({ branches: patchAt(branches, i, patch) })}
          onRemove={branches.length > 1 ? () => update({ branches: removeAt(branches, i) }) : undefined}
        />
      ))}
      <Button
        startIcon={<AddIcon />}
        size="small"
        onClick={() => update({ branches: [...branches, newReplyBranch(branches)] })}
        sx={{ alignSelf: 'flex-start' }}
      >
        Add branch
      </Button>
      {offer && (
        <Alert
          severity="info"
          action={
            <Button color="inherit" size="small" onClick={() => update({ branches: offer.branches })}>
              Add branches for the buttons
            </Button>
          }
        >
          The message before has quick-reply buttons without a branch here:{' '}
          {offer.missing.map((b) => `“${b.title}”`).join(', ')}.
        </Alert>
      )}
    </Stack>
  );
}
