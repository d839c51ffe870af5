import type { TNodeType } from '../../../../core/index.js';
import type { TNodeData } from '../types';
import type { TFieldErrors } from './field-errors';

/** What every node form gets: the node's data, a way to change it, and its errors. */
export interface TFormProps<K extends TNodeType> {
  nodeId: string;
  data: TNodeData<K>;
  /** Merges into the node's data; a key set to undefined is removed. */
  update: (patch: Record<string, unknown>) => void;
  errors: TFieldErrors;
}
