import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link as RouterLink, useNavigate } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, QueryStatus } from '../../components/QueryStatus';
import { formatDateTime } from '../../format';
import { fetchTemplatePage, templateKeys } from './template-queries';
import { VerdictChip } from './VerdictChip';

/** `/templates`: the workspace's WhatsApp templates with the verdict of their last policy check. */
export function TemplatesPage() {
  const navigate = useNavigate();
  const query = useInfiniteQuery({
    queryKey: templateKeys.list(),
    queryFn: ({ pageParam }) => fetchTemplatePage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const templates = query.data?.pages.flatMap((page) => page.items) ?? [];
  const newButton = (
    // A button, not a link: it is the page's main action, named like the other pages' "New ..." buttons.
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => void navigate('/templates/new')}>
      New template
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Templates"
        subtitle="WhatsApp message templates, checked against Meta's policy before you submit them."
        actions={newButton}
      />
      <QueryStatus query={query} label="Loading templates" />
      {query.data && templates.length === 0 && (
        <EmptyState
          title="No templates yet"
          description="Write a template, check it with AI against WhatsApp's rules, then use it in campaigns."
          action={
            <Button variant="outlined" component={RouterLink} to="/templates/new">
              Write a template
            </Button>
          }
        />
      )}
      {templates.length > 0 && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label="Templates">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Category</TableCell>
                <TableCell>Language</TableCell>
                <TableCell>Variables</TableCell>
                <TableCell>Last check</TableCell>
                <TableCell>Updated</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {templates.map((template) => (
                <TableRow key={template.id} hover>
                  <TableCell>
                    <Link component={RouterLink} to={`/templates/${template.id}`} sx={{ fontWeight: 600 }}>
                      {template.name}
                    </Link>
                  </TableCell>
                  <TableCell>{template.category}</TableCell>
                  <TableCell>{template.language}</TableCell>
                  <TableCell>{template.variables.length === 0 ? '—' : template.variables.join(', ')}</TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <VerdictChip verdict={template.validation?.verdict} />
                      {template.validation && (
                        <Typography variant="caption" color="text.secondary">
                          {formatDateTime(template.validation.validatedAt)}
                        </Typography>
                      )}
                    </Stack>
                  </TableCell>
                  <TableCell>{formatDateTime(template.updatedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <LoadMore query={query} />
    </>
  );
}
