import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

interface TVariablePickerProps {
  variables: readonly string[];
  onInsert: (name: string) => void;
}

/** Contact fields as buttons that insert `{{name}}` at the caret of the message body. */
export function VariablePicker({ variables, onInsert }: TVariablePickerProps) {
  return (
    <div>
      <Typography variant="caption" color="text.secondary" component="p" id="jb-variables-title">
        Insert a contact field
      </Typography>
      <Stack
        direction="row"
        useFlexGap
        role="group"
        aria-labelledby="jb-variables-title"
        sx={{ flexWrap: 'wrap', gap: 0.5, mt: 0.5 }}
      >
        {variables.map((name) => (
          <Chip
            key={name}
            label={`{{${name}}}`}
            size="small"
            variant="outlined"
            color="primary"
            onClick={() => onInsert(name)}
            aria-label={`Insert variable ${name}`}
          />
        ))}
      </Stack>
    </div>
  );
}
