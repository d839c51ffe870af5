import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { templateVariables } from '../../../../core/index.js';
import { variableSegments } from './variable-segments';

/**
 * The live preview under a message or template field: the text with each `{{ variable }}`
 * highlighted, braces that are not placeholders flagged in red, and the variables as chips.
 * `id` lets the field point at it with aria-describedby.
 */
export function VariablePreview({ text, id }: { text: string; id?: string }) {
  const segments = useMemo(() => variableSegments(text), [text]);
  const variables = useMemo(() => templateVariables(text), [text]);
  const malformed = segments.filter((s) => s.kind === 'malformed').map((s) => s.text);

  return (
    <Box id={id} sx={{ mt: 1 }}>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 0.5 }}>
        Preview
      </Typography>
      <Box
        sx={{
          p: 1.5,
          border: 1,
          borderColor: 'divider',
          borderRadius: 1,
          bgcolor: 'grey.50',
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
          minHeight: 44,
          fontSize: 14,
        }}
      >
        {segments.length === 0 && (
          <Typography color="text.secondary" variant="body2">
            Nothing to preview yet.
          </Typography>
        )}
        {segments.map((segment, index) => {
          if (segment.kind === 'text') return <span key={index}>{segment.text}</span>;
          const isVariable = segment.kind === 'variable';
          return (
            <Box
              component="mark"
              key={index}
              title={isVariable ? `Variable ${segment.name}` : 'Not a valid placeholder'}
              sx={{
                px: 0.5,
                borderRadius: 0.5,
                fontFamily: 'monospace',
                color: isVariable ? 'primary.dark' : 'error.dark',
                // Tints of the theme's primary and error colours: readable behind dark text.
                backgroundColor: isVariable ? 'rgba(0,105,92,0.12)' : 'rgba(211,47,47,0.12)',
              }}
            >
              {segment.text}
            </Box>
          );
        })}
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography variant="body2" color="text.secondary">
          {variables.length === 0 ? 'No variables.' : 'Variables:'}
        </Typography>
        {variables.map((name) => (
          <Chip key={name} size="small" label={name} color="primary" variant="outlined" />
        ))}
      </Stack>
      {malformed.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          Not valid placeholders, they would be sent as typed: {malformed.join(' ')}. Names start with a letter or “_”
          and use letters, digits, “_”, “.” or “-”.
        </Alert>
      )}
    </Box>
  );
}
