import AccountTreeOutlined from '@mui/icons-material/AccountTreeOutlined';
import CampaignOutlined from '@mui/icons-material/CampaignOutlined';
import ChatOutlined from '@mui/icons-material/ChatOutlined';
import DescriptionOutlined from '@mui/icons-material/DescriptionOutlined';
import InsightsOutlined from '@mui/icons-material/InsightsOutlined';
import MonitorHeartOutlined from '@mui/icons-material/MonitorHeartOutlined';
import PhoneIphoneOutlined from '@mui/icons-material/PhoneIphoneOutlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { NavLink, Outlet, useMatch } from 'react-router';
import { useAppConfig, useSession } from '../auth/session';
import { UserMenu } from './UserMenu';

const DRAWER_WIDTH = 232;
/** On canvas pages the navigation shrinks to its icons: at 1280 px the graph needs the room. */
const MINI_DRAWER_WIDTH = 64;

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  sandboxOnly?: boolean;
}

const NAV: readonly NavItem[] = [
  { to: '/journeys', label: 'Journeys', icon: <AccountTreeOutlined /> },
  { to: '/runs', label: 'Runs', icon: <InsightsOutlined /> },
  { to: '/campaigns', label: 'Campaigns', icon: <CampaignOutlined /> },
  { to: '/templates', label: 'Templates', icon: <DescriptionOutlined /> },
  { to: '/messages', label: 'Messages', icon: <ChatOutlined /> },
  { to: '/simulator', label: 'Phone simulator', icon: <PhoneIphoneOutlined />, sandboxOnly: true },
  { to: '/settings', label: 'Settings', icon: <SettingsOutlined /> },
  { to: '/status', label: 'System status', icon: <MonitorHeartOutlined /> },
];

/** Every signed-in page: the top bar with the workspace and user menu, the navigation, the page. */
export function Layout() {
  const session = useSession();
  const config = useAppConfig();
  const items = NAV.filter((item) => !item.sandboxOnly || config.data?.sandbox);
  const onJourney = useMatch('/journeys/:id');
  const onRun = useMatch('/runs/:id');
  const isCanvasPage = onJourney !== null || onRun !== null;
  const width = isCanvasPage ? MINI_DRAWER_WIDTH : DRAWER_WIDTH;

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" elevation={0} sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 2 }}>
          <Typography variant="h6" component="p" sx={{ fontWeight: 700 }}>
            InituCastt
          </Typography>
          <Typography variant="body2" sx={{ opacity: 0.85, flex: 1 }} noWrap>
            {session.data?.workspace.name}
          </Typography>
          {session.data && <UserMenu name={session.data.user.name} email={session.data.user.email} />}
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{ width, flexShrink: 0, '& .MuiDrawer-paper': { width, boxSizing: 'border-box', overflowX: 'hidden' } }}
      >
        <Toolbar />
        <List component="nav" aria-label="Main">
          {items.map((item) => (
            <Tooltip key={item.to} title={isCanvasPage ? item.label : ''} placement="right">
              <ListItemButton
                component={NavLink}
                to={item.to}
                aria-label={item.label}
                sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 600 } }}
              >
                <ListItemIcon sx={{ minWidth: 40 }}>{item.icon}</ListItemIcon>
                {!isCanvasPage && <ListItemText primary={item.label} />}
              </ListItemButton>
            </Tooltip>
          ))}
        </List>
      </Drawer>
      <Box component="main" sx={{ flex: 1, minWidth: 0, p: 3 }}>
        <Toolbar />
        <Outlet />
      </Box>
    </Box>
  );
}
