import AddIcon from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { errorFor } from './field-errors';
import type { TFormProps } from './form-types';
import { evenSplit, newSplitBranch, parsePercent, patchAt, removeAt, splitTotal } from './list-ops';

/** Edits an A/B split: branches with whole percents that must add up to 100. */
export function SplitForm({ data, update, errors }: TFormProps<'split'>) {
  const branches = data.branches;
  const total = splitTotal(branches);
  const at = (i: number, field: string) => errorFor(errors, `branches.${i}.${field}`);
  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        Each contact takes one branch at random; the same contact always gets the same branch.
      </Typography>
      {branches.map((branch, i) => (
        <Stack
          key={i}
          direction="row"
          spacing={1}
          component="fieldset"
          aria-label={`Branch ${i + 1}`}
          sx={{ alignItems: 'flex-start', border: 0, p: 0, m: 0 }}
        >
          <TextField
            label="Branch id"
            value={branch.id}
            onChange={(e) => update({ branches: patchAt(branches, i, { id: e.target.value.trim() }) })}
            error={at(i, 'id') !== undefined}
            helperText={at(i, 'id')}
            size="small"
            sx={{ flex: 1 }}
          />
          <TextField
            label="Percent"
            value={Number.isFinite(branch.percent) ? String(branch.percent) : ''}
            onChange={(e) => update({ branches: patchAt(branches, i, { percent: parsePercent(e.target.value) }) })}
            error={at(i, 'percent') !== undefined}
            helperText={at(i, 'percent')}
            size="small"
            sx={{ width: 100 }}
            slotProps={{ htmlInput: { inputMode: 'numeric' }, input: { endAdornment: '%' } }}
          />
          {branches.length > 1 && (
            <IconButton
              aria-label={`Remove branch ${branch.id || i + 1}`}
              onClick={() => update({ branches: removeAt(branches, i) })}
            >
              <DeleteOutline />
            </IconButton>
          )}
        </Stack>
      ))}
      <Typography
        role="status"
        color={total === 100 ? 'text.secondary' : 'error'}
        variant="body2"
        sx={{ fontWeight: 600 }}
      >
        Total: {total}%{total === 100 ? '' : ' (must be 100%)'}
      </Typography>
      <Stack direction="row" spacing={1}>
        <Button
          startIcon={<AddIcon />}
          size="small"
          onClick={() => update({ branches: [...branches, newSplitBranch(branches)] })}
        >
          Add branch
        </Button>
        <Button size="small" onClick={() => update({ branches: evenSplit(branches) })} disabled={branches.length === 0}>
          Split evenly
        </Button>
      </Stack>
    </Stack>
  );
}
