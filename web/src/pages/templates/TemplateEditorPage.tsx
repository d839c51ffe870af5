import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { fetchTemplate, templateKeys } from './template-queries';
import { TemplateForm } from './TemplateForm';

/** `/templates/:id` (`new` creates): edit a template, preview its variables, check it against WhatsApp policy. */
export function TemplateEditorPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const query = useQuery({ queryKey: templateKeys.detail(id), queryFn: () => fetchTemplate(id), enabled: !isNew });

  if (isNew) return <TemplateForm key="new" template={undefined} />;
  if (query.isPending) return <LoadingState label="Loading template" />;
  if (query.isError) {
    return (
      <>
        <PageHeader title="Template" />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  // Keyed by id: a refetch (e.g. after a check) updates the props without resetting what is being typed.
  return <TemplateForm key={query.data.id} template={query.data} />;
}
