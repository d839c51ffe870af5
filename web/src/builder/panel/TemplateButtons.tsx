import AddIcon from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { MAX_BUTTON_TITLE_LENGTH, MAX_QUICK_REPLIES } from '../../../../core/index.js';
import { buttonsPatch, canAddButton, draftButtons, type TDraftButton } from './button-ops';
import { errorFor, type TFieldErrors } from './field-errors';
import { patchAt, removeAt } from './list-ops';

interface Props {
  value: unknown;
  update: (patch: Record<string, unknown>) => void;
  errors: TFieldErrors;
}

/**
 * The template's quick-reply buttons, as its `twilio/quick-reply` content defines them:
 * the title the phone shows and the id a tap sends back (ButtonPayload). Twilio sends the
 * buttons of the content itself; these tell the builder what a reply can be.
 */
export function TemplateButtons({ value, update, errors }: Props) {
  const buttons = draftButtons(value);
  const set = (next: TDraftButton[]) => update(buttonsPatch(next));
  return (
    <Stack spacing={1.5}>
      <Typography variant="subtitle2">Quick-reply buttons</Typography>
      <Typography variant="body2" color="text.secondary">
        Up to {MAX_QUICK_REPLIES}, as in the template&apos;s quick-reply content. A wait for a reply after this message
        can branch on each.
      </Typography>
      {buttons.map((button, i) => (
        <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField
            label={`Button ${i + 1} title`}
            value={button.title}
            onChange={(e) => set(patchAt(buttons, i, { title: e.target.value }))}
            error={errorFor(errors, `buttons.${i}.title`) !== undefined}
            helperText={errorFor(errors, `buttons.${i}.title`) ?? `Shown on the phone (≤ ${MAX_BUTTON_TITLE_LENGTH})`}
            size="small"
            fullWidth
          />
          <TextField
            label={`Button ${i + 1} id`}
            value={button.id}
            onChange={(e) => set(patchAt(buttons, i, { id: e.target.value.trim() }))}
            error={errorFor(errors, `buttons.${i}.id`) !== undefined}
            helperText={errorFor(errors, `buttons.${i}.id`) ?? 'Sent back as ButtonPayload'}
            size="small"
            fullWidth
          />
          <IconButton aria-label={`Remove button ${i + 1}`} onClick={() => set(removeAt(buttons, i))}>
            <DeleteOutline />
          </IconButton>
        </Stack>
      ))}
      {errorFor(errors, 'buttons') !== undefined && (
        <Typography color="error" variant="caption">
          {errorFor(errors, 'buttons')}
        </Typography>
      )}
      <Button
        startIcon={<AddIcon />}
        size="small"
        disabled={!canAddButton(buttons)}
        onClick={() => set([...buttons, { id: '', title: '' }])}
        sx={{ alignSelf: 'flex-start' }}
      >
        Add quick-reply button
      </Button>
    </Stack>
  );
}
