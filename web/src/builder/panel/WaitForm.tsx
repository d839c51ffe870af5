import { DurationField } from './DurationField';
import { errorFor } from './field-errors';
import type { TFormProps } from './form-types';

/** Edits a pause: how long, as a number and a unit. */
export function WaitForm({ data, update, errors }: TFormProps<'wait'>) {
  return (
    <DurationField
      value={data.duration}
      onChange={(duration) => update({ duration })}
      amountLabel="Wait for"
      unitLabel="Unit"
      error={errorFor(errors, 'duration')}
    />
  );
}
