import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { ApiKeysSection } from './ApiKeysSection';
import { SendersSection } from './SendersSection';

/** `/settings`: the workspace's settings: its senders and its API keys. */
export function SettingsPage() {
  const session = useSession();
  return (
    <>
      <PageHeader title="Workspace settings" subtitle={session.data?.workspace.name} />
      {session.data && <SendersSection isAdmin={session.data.user.role === 'admin'} />}
      {session.data && <ApiKeysSection isAdmin={session.data.user.role === 'admin'} />}
    </>
  );
}
