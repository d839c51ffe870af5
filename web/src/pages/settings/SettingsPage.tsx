import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { ApiKeysSection } from './ApiKeysSection';

/** `/settings`: the workspace's settings. */
export function SettingsPage() {
  const session = useSession();
  return (
    <>
      <PageHeader title="Workspace settings" subtitle={session.data?.workspace.name} />
      {session.data && <ApiKeysSection isAdmin={session.data.user.role === 'admin'} />}
    </>
  );
}
