import DeleteOutline from '@mui/icons-material/DeleteOutline';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { MAX_INTENT_LENGTH, REPLY_MATCHES, type TReplyBranch } from '../../../../core/index.js';
import { errorFor, type TFieldErrors } from './field-errors';
import { matchPatch } from './list-ops';

const MATCH_WORDS: Record<TReplyBranch['match'], string> = {
  equals: 'Reply is exactly',
  contains: 'Reply contains',
  regex: 'Reply matches pattern',
  payload: 'Button payload is',
  any: 'Any reply',
  intent: 'Reply means (AI)',
};

/** What the value field is called and how it helps, per match. */
function valueField(match: TReplyBranch['match']): { label: string; help: string } {
  if (match === 'regex')
    return {
      label: 'Branch value',
      help: 'A regular expression (RE2: no lookarounds or backreferences), e.g. ^(yes|y|ok)$',
    };
  if (match === 'intent')
    return {
      label: 'Intent',
      help: `What the reply means, e.g. “agrees to the appointment” (up to ${MAX_INTENT_LENGTH} characters). Asked of the AI model only when no exact branch matches.`,
    };
  return { label: 'Branch value', help: 'Case, accents and spacing are ignored' };
}

interface TReplyBranchRowProps {
  index: number;
  branch: TReplyBranch;
  errors: TFieldErrors;
  onChange: (patch: Partial<TReplyBranch>) => void;
  onRemove?: (() => void) | undefined;
}

/** One reply branch: the outcome's id, how the reply is matched, and against what. */
export function ReplyBranchRow({ index, branch, errors, onChange, onRemove }: TReplyBranchRowProps) {
  const at = (field: string) => errorFor(errors, `branches.${index}.${field}`);
  return (
    <Stack
      component="fieldset"
      spacing={1}
      aria-label={`Branch ${index + 1}`}
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, m: 0 }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label="Branch id"
          value={branch.id}
          onChange={(e) => onChange({ id: e.target.value.trim() })}
          error={at('id') !== undefined}
          helperText={at('id') ?? 'Names the outcome on the canvas'}
          size="small"
          sx={{ flex: 1 }}
        />
        {onRemove && (
          <IconButton aria-label={`Remove branch ${branch.id || index + 1}`} onClick={onRemove}>
            <DeleteOutline />
          </IconButton>
        )}
      </Stack>
      <TextField
        select
        label="Match"
        value={branch.match}
        onChange={(e) => onChange(matchPatch(e.target.value as TReplyBranch['match']))}
        error={at('match') !== undefined}
        helperText={at('match')}
        size="small"
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        {REPLY_MATCHES.map((match) => (
          <option key={match} value={match}>
            {MATCH_WORDS[match]}
          </option>
        ))}
      </TextField>
      {branch.match !== 'any' && (
        <TextField
          label={valueField(branch.match).label}
          value={branch.value ?? ''}
          onChange={(e) => onChange({ value: e.target.value })}
          error={at('value') !== undefined}
          helperText={at('value') ?? valueField(branch.match).help}
          multiline={branch.match === 'intent'}
          size="small"
        />
      )}
    </Stack>
  );
}
