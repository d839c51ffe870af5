import ScienceOutlined from '@mui/icons-material/ScienceOutlined';
import Chip, { type ChipProps } from '@mui/material/Chip';

/**
 * "Test": a run, contact or message of a test send (POST /api/journeys/{id}/test), on every
 * page that lists or shows one, so a tester's phone is never mistaken for an audience.
 */
export function TestChip({ size = 'small' }: { size?: ChipProps['size'] }) {
  return (
    <Chip
      size={size}
      icon={<ScienceOutlined />}
      label="Test"
      color="secondary"
      variant="outlined"
      title="A test send: its waits were shortened, and it is left out of analytics and frequency caps."
    />
  );
}
