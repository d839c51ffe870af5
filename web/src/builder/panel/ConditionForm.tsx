import AddIcon from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { CONDITION_OPS, type TConditionRule } from '../../../../core/index.js';
import { ruleSentence } from '../describe';
import { errorFor } from './field-errors';
import type { TFormProps } from './form-types';
import { newRule, opPatch, patchAt, removeAt } from './list-ops';

const OP_WORDS: Record<TConditionRule['op'], string> = {
  equals: 'is',
  notEquals: 'is not',
  contains: 'contains',
  exists: 'has a value',
  gt: 'is more than',
  lt: 'is less than',
};

/** Edits a condition: rules on contact fields in priority order; none matching takes "otherwise". */
export function ConditionForm({
  data,
  update,
  errors,
  variables,
}: TFormProps<'condition'> & { variables?: readonly string[] | undefined }) {
  const listId = useId();
  const rules = data.rules;
  const at = (i: number, field: string) => errorFor(errors, `rules.${i}.${field}`);
  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        Rules are checked top to bottom; the first that holds picks the path. Text compares ignore case and accents.
      </Typography>
      <datalist id={listId}>
        {(variables ?? []).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {errorFor(errors, 'rules') && (
        <Typography color="error" variant="body2">
          {errorFor(errors, 'rules')}
        </Typography>
      )}
      {rules.map((rule, i) => (
        <Stack
          key={i}
          component="fieldset"
          spacing={1}
          aria-label={`Rule ${i + 1}`}
          sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, m: 0 }}
        >
          <Typography variant="caption" color="text.secondary">
            If {ruleSentence(rule)}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <TextField
              label="Variable"
              value={rule.variable}
              onChange={(e) => update({ rules: patchAt(rules, i, { variable: e.target.value.trim() }) })}
              error={at(i, 'variable') !== undefined}
              helperText={at(i, 'variable') ?? 'A contact field, e.g. city'}
              size="small"
              sx={{ flex: 1 }}
              slotProps={{ htmlInput: { list: listId } }}
            />
            {rules.length > 1 && (
              <IconButton aria-label={`Remove rule ${i + 1}`} onClick={() => update({ rules: removeAt(rules, i) })}>
                <DeleteOutline />
              </IconButton>
            )}
          </Stack>
          <TextField
            select
            label="Operator"
            value={rule.op}
            onChange={(e) => update({ rules: patchAt(rules, i, opPatch(e.target.value as TConditionRule['op'])) })}
            size="small"
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          >
            {CONDITION_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_WORDS[op]}
              </option>
            ))}
          </TextField>
          {rule.op !== 'exists' && (
            <TextField
              label="Rule value"
              value={rule.value ?? ''}
              onChange={(e) => update({ rules: patchAt(rules, i, { value: e.target.value }) })}
              error={at(i, 'value') !== undefined}
              helperText={at(i, 'value')}
              size="small"
            />
          )}
        </Stack>
      ))}
      <Button
        startIcon={<AddIcon />}
        size="small"
        onClick={() => update({ rules: [...rules, newRule(rules)] })}
        sx={{ alignSelf: 'flex-start' }}
      >
        Add rule
      </Button>
    </Stack>
  );
}
