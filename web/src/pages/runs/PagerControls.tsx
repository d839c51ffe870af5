import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { TCursorPages } from './use-cursor-pages';

/** "Previous" / "Next" under a keyset-paginated table; hidden when everything fits on one page. */
export function PagerControls({
  pages,
  nextCursor,
  label,
}: {
  pages: TCursorPages;
  nextCursor: string | null | undefined;
  label: string;
}) {
  if (!pages.hasPrevious && !nextCursor) return null;
  return (
    <Stack
      component="nav"
      aria-label={`${label} pages`}
      direction="row"
      spacing={1}
      sx={{ alignItems: 'center', justifyContent: 'flex-end', mt: 1 }}
    >
      <Typography variant="body2" color="text.secondary">
        Page {pages.page}
      </Typography>
      <Button size="small" onClick={pages.previous} disabled={!pages.hasPrevious}>
        Previous
      </Button>
      <Button size="small" onClick={() => nextCursor && pages.next(nextCursor)} disabled={!nextCursor}>
        Next
      </Button>
    </Stack>
  );
}
