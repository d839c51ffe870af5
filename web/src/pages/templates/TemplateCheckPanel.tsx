import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import { formatDateTime } from '../../format';
import type { TTemplateCheck } from './template-queries';

const VERDICT_TEXT: Record<TTemplateCheck['verdict'], { severity: 'success' | 'warning' | 'error'; title: string }> = {
  approve: { severity: 'success', title: 'Likely to be approved' },
  needs_changes: { severity: 'warning', title: 'Needs changes' },
  reject: { severity: 'error', title: 'Likely to be rejected' },
};

interface Props {
  check: TTemplateCheck & { validatedAt?: string };
  /** The form changed since this check: the verdict is about other text. */
  isStale?: boolean;
}

/** A policy check's verdict, then each issue with its rule, severity and suggested fix. */
export function TemplateCheckPanel({ check, isStale = false }: Props) {
  const { severity, title } = VERDICT_TEXT[check.verdict];
  const by =
    check.checker === 'openai'
      ? `AI review${check.model ? ` (${check.model})` : ''}, guarded by the rules`
      : 'Rule check (no AI configured)';
  return (
    <Box component="section" aria-label="Check result" aria-live="polite">
      <Alert severity={severity} sx={{ mb: 1 }}>
        <AlertTitle>{title}</AlertTitle>
        {by}
        {check.validatedAt && ` · ${formatDateTime(check.validatedAt)}`}
        {check.suggestedCategory && (
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            Suggested category: <strong>{check.suggestedCategory}</strong>
          </Typography>
        )}
        {check.note && (
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            {check.note}
          </Typography>
        )}
      </Alert>
      {isStale && (
        <Alert severity="info" sx={{ mb: 1 }}>
          The template changed since this check: check it again.
        </Alert>
      )}
      {check.issues.length === 0 ? (
        <Typography color="text.secondary">No issues found.</Typography>
      ) : (
        <List dense disablePadding aria-label="Issues">
          {check.issues.map((issue, index) => (
            <ListItem key={`${issue.rule}-${index}`} divider sx={{ display: 'block', px: 0 }}>
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mb: 0.5 }}>
                <Chip size="small" label={issue.severity} color={issue.severity === 'error' ? 'error' : 'warning'} />
                <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
                  {issue.rule}
                </Typography>
              </Box>
              <Typography variant="body2">{issue.message}</Typography>
              {issue.suggestion && (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                  Suggestion: {issue.suggestion}
                </Typography>
              )}
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
