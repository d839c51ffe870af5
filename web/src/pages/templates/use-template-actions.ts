import { useMutation, useQueryClient } from '@tanstack/react-query';
import { enqueueSnackbar } from 'notistack';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api-client/client';
import type { TTemplateValues } from './template-form';
import { templateKeys, type TTemplate, type TTemplateCheck } from './template-queries';

/** What the check looked at: the stored template (verdict kept) or the form's draft (nothing stored). */
export type TCheckTarget =
  { kind: 'stored'; id: string; values: TTemplateValues } | { kind: 'draft'; values: TTemplateValues };

/**
 * Save, delete and check for the template editor. Save and delete toast their failures
 * (query-client.ts); the check shows its error in place instead, next to its button,
 * because "the model is unreachable" (502) is an answer about the check, not a crash.
 */
export function useTemplateActions(template: TTemplate | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const save = useMutation({
    mutationFn: async (values: TTemplateValues): Promise<TTemplate> => {
      const body = { ...values, name: values.name.trim() };
      if (!template) return (await unwrap(api.POST('/api/templates', { body }))).template;
      return (await unwrap(api.PUT('/api/templates/{id}', { params: { path: { id: template.id } }, body }))).template;
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(templateKeys.detail(saved.id), saved);
      enqueueSnackbar('Template saved', { variant: 'success' });
      if (!template) await navigate(`/templates/${saved.id}`, { replace: true });
      await queryClient.invalidateQueries({ queryKey: templateKeys.list() });
    },
  });

  const remove = useMutation({
    mutationFn: async (id: string) => {
      await unwrap(api.DELETE('/api/templates/{id}', { params: { path: { id } } }));
    },
    onSuccess: async (_data, id) => {
      queryClient.removeQueries({ queryKey: templateKeys.detail(id) });
      enqueueSnackbar('Template deleted', { variant: 'success' });
      await navigate('/templates');
      await queryClient.invalidateQueries({ queryKey: templateKeys.list() });
    },
  });

  const check = useMutation({
    mutationFn: async (target: TCheckTarget): Promise<TTemplateCheck> => {
      if (target.kind === 'stored')
        return unwrap(api.POST('/api/templates/{id}/validate', { params: { path: { id: target.id } } }));
      const { name, content, category, language } = target.values;
      return unwrap(
        api.POST('/api/templates/validate', {
          body: { content, category, language, ...(name.trim() ? { name: name.trim() } : {}) },
        }),
      );
    },
    // Shown in place by the editor (see above); having onError keeps the global toast away.
    onError: () => undefined,
    onSuccess: async (_result, target) => {
      // A stored check updated the row's verdict: the list and the detail show it.
      if (target.kind === 'stored') await queryClient.invalidateQueries({ queryKey: templateKeys.all });
    },
  });

  return { save, remove, check };
}
