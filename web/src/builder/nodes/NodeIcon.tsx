import AltRouteRounded from '@mui/icons-material/AltRouteRounded';
import CallSplitRounded from '@mui/icons-material/CallSplitRounded';
import ChatOutlined from '@mui/icons-material/ChatOutlined';
import FlagRounded from '@mui/icons-material/FlagRounded';
import HourglassBottomRounded from '@mui/icons-material/HourglassBottomRounded';
import PlayArrowRounded from '@mui/icons-material/PlayArrowRounded';
import QuestionAnswerOutlined from '@mui/icons-material/QuestionAnswerOutlined';
import type { TNodeType } from '../../../../core/index.js';

/** The icon of a node type, the same in the palette and on the node. */
export function NodeIcon({ type }: { type: TNodeType }) {
  switch (type) {
    case 'start':
      return <PlayArrowRounded aria-hidden />;
    case 'message':
      return <ChatOutlined aria-hidden />;
    case 'wait':
      return <HourglassBottomRounded aria-hidden />;
    case 'waitForReply':
      return <QuestionAnswerOutlined aria-hidden />;
    case 'condition':
      return <AltRouteRounded aria-hidden />;
    case 'split':
      return <CallSplitRounded aria-hidden />;
    case 'end':
      return <FlagRounded aria-hidden />;
  }
}
