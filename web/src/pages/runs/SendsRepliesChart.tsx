import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatTime } from '../../format';
import { chartLayout } from './chart-geometry';

const WIDTH = 640;
const HEIGHT = 180;
const SENT_COLOR = '#1976d2';
const REPLIES_COLOR = '#ef6c00';

interface Props {
  points: ReadonlyArray<{ start: string; sent: number; replies: number }>;
  bucketSeconds: number;
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
      <Box sx={{ width: 12, height: 12, bgcolor: color, borderRadius: 0.5 }} />
      <Typography variant="caption">{label}</Typography>
    </Stack>
  );
}

/**
 * Sends and replies per time bucket as grouped bars. Hand-drawn SVG: no chart library is a
 * dependency (MUI X Charts is not installed), and two series of bars need no more than this.
 */
export function SendsRepliesChart({ points, bucketSeconds }: Props) {
  const layout = chartLayout(points, WIDTH, HEIGHT);
  const sent = points.reduce((sum, p) => sum + p.sent, 0);
  const replies = points.reduce((sum, p) => sum + p.replies, 0);
  const { plot } = layout;
  const y = (value: number) => plot.top + plot.height - (value / layout.yMax) * plot.height;
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ mb: 0.5 }}>
        <Legend color={SENT_COLOR} label={`Sent (${sent})`} />
        <Legend color={REPLIES_COLOR} label={`Replies (${replies})`} />
        <Typography variant="caption" color="text.secondary">
          per {bucketSeconds < 60 ? `${bucketSeconds} s` : `${Math.round(bucketSeconds / 60)} min`}
        </Typography>
      </Stack>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`Sends and replies over time: ${sent} sent, ${replies} replies, in ${points.length} buckets`}
        data-testid="sends-replies-chart"
        style={{ maxHeight: HEIGHT, display: 'block' }}
      >
        {layout.yTicks.map((tick) => (
          <g key={tick}>
            <line x1={plot.left} x2={plot.left + plot.width} y1={y(tick)} y2={y(tick)} stroke="#e0e0e0" />
            <text x={plot.left - 6} y={y(tick) + 4} textAnchor="end" fontSize={11} fill="#616161">
              {tick}
            </text>
          </g>
        ))}
        {layout.bars.map((bar, i) => (
          <g key={points[i]?.start ?? i}>
            <rect
              x={bar.x}
              y={plot.top + plot.height - bar.sentHeight}
              width={bar.barWidth}
              height={bar.sentHeight}
              fill={SENT_COLOR}
            >
              <title>{`${points[i]?.sent ?? 0} sent from ${formatTime(new Date(points[i]?.start ?? 0))}`}</title>
            </rect>
            <rect
              x={bar.x + bar.barWidth}
              y={plot.top + plot.height - bar.repliesHeight}
              width={bar.barWidth}
              height={bar.repliesHeight}
              fill={REPLIES_COLOR}
            >
              <title>{`${points[i]?.replies ?? 0} replies from ${formatTime(new Date(points[i]?.start ?? 0))}`}</title>
            </rect>
          </g>
        ))}
        <line
          x1={plot.left}
          x2={plot.left + plot.width}
          y1={plot.top + plot.height}
          y2={plot.top + plot.height}
          stroke="#9e9e9e"
        />
        {first && (
          <text x={plot.left} y={HEIGHT - 6} fontSize={11} fill="#616161">
            {formatTime(new Date(first.start))}
          </text>
        )}
        {last && points.length > 1 && (
          <text x={plot.left + plot.width} y={HEIGHT - 6} fontSize={11} fill="#616161" textAnchor="end">
            {formatTime(new Date(last.start))}
          </text>
        )}
      </svg>
    </Box>
  );
}
