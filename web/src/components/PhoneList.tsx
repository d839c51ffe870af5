import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { formatDateTime, isOutbound, messageText } from '../format';
import type { SandboxPhone } from '../types';

interface Props {
  phones: readonly SandboxPhone[];
  selected: string | null;
  onSelect: (phone: string) => void;
}

/** Sandbox phones, newest conversation first, each with its last message. */
export function PhoneList({ phones, selected, onSelect }: Props) {
  if (phones.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ p: 2 }}>
        No messages yet. Messages the journeys send appear here.
      </Typography>
    );
  }
  return (
    <List disablePadding aria-label="Sandbox phones">
      {phones.map(({ phone, messageCount, lastMessage }) => (
        <ListItemButton
          key={phone}
          divider
          selected={phone === selected}
          aria-current={phone === selected ? 'true' : undefined}
          onClick={() => onSelect(phone)}
        >
          <ListItemText
            primary={`${phone} · ${messageCount} message${messageCount === 1 ? '' : 's'}`}
            secondary={
              <>
                {isOutbound(lastMessage) ? 'Sent: ' : 'Replied: '}
                {messageText(lastMessage)}
                <br />
                {formatDateTime(lastMessage.dateCreated)}
              </>
            }
            slotProps={{ primary: { sx: { fontWeight: 600 } }, secondary: { noWrap: true } }}
          />
        </ListItemButton>
      ))}
    </List>
  );
}
