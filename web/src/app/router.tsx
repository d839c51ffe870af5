import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
import { RegisterPage } from '../auth/RegisterPage';
import { RequireAuth } from '../auth/RequireAuth';
import { NotFoundPage } from '../pages/NotFoundPage';
import { RouteError } from './RouteError';

// Pages load on first visit: the builder (React Flow) and the dashboard are the heavy
// parts, and a user signing in should not wait for them. The signed-in shell (navigation
// drawer, user menu) loads with the first page behind it, in parallel: the sign-in and
// sign-up pages and the route guards are all the first bundle holds.
export const router = createBrowserRouter([
  { path: '/login', Component: LoginPage },
  { path: '/register', Component: RegisterPage },
  {
    Component: RequireAuth,
    ErrorBoundary: RouteError,
    children: [
      {
        lazy: async () => ({ Component: (await import('./Layout')).Layout }),
        ErrorBoundary: RouteError,
        children: [
          { index: true, element: <Navigate to="/journeys" replace /> },
          {
            path: 'journeys',
            lazy: async () => ({ Component: (await import('../pages/journeys/JourneysPage')).JourneysPage }),
          },
          {
            path: 'journeys/:id',
            lazy: async () => ({ Component: (await import('../pages/journeys/JourneyEditorPage')).JourneyEditorPage }),
          },
          { path: 'runs', lazy: async () => ({ Component: (await import('../pages/runs/RunsPage')).RunsPage }) },
          {
            path: 'runs/:id',
            lazy: async () => ({ Component: (await import('../pages/runs/RunDashboardPage')).RunDashboardPage }),
          },
          {
            path: 'campaigns',
            lazy: async () => ({ Component: (await import('../pages/campaigns/CampaignsPage')).CampaignsPage }),
          },
          {
            path: 'campaigns/:id',
            lazy: async () => ({ Component: (await import('../pages/campaigns/CampaignPage')).CampaignPage }),
          },
          {
            path: 'templates',
            lazy: async () => ({ Component: (await import('../pages/templates/TemplatesPage')).TemplatesPage }),
          },
          {
            path: 'templates/:id',
            lazy: async () => ({
              Component: (await import('../pages/templates/TemplateEditorPage')).TemplateEditorPage,
            }),
          },
          {
            path: 'messages',
            lazy: async () => ({ Component: (await import('../pages/messages/MessagesPage')).MessagesPage }),
          },
          {
            path: 'simulator',
            lazy: async () => ({ Component: (await import('../pages/simulator/SimulatorPage')).SimulatorPage }),
          },
          {
            path: 'settings',
            lazy: async () => ({ Component: (await import('../pages/settings/SettingsPage')).SettingsPage }),
          },
          { path: 'status', lazy: async () => ({ Component: (await import('../pages/StatusPage')).StatusPage }) },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
]);
