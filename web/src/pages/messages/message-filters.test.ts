import { describe, expect, it } from 'vitest';
import {
  filtersFromParams,
  filtersToParams,
  fromLocalInput,
  messagesCsvHref,
  NO_FILTERS,
  toLocalInput,
  toMessageQuery,
} from './message-filters';

describe('message filters and the query string', () => {
  it('reads known parameters and ignores the rest', () => {
    const params = new URLSearchParams('status=failed&phone=%2B14155552671&foo=bar&from=2025-01-01T00:00:00.000Z');
    expect(filtersFromParams(params)).toEqual({
      ...NO_FILTERS,
      status: 'failed',
      phone: '+14155552671',
      from: '2025-01-01T00:00:00.000Z',
    });
  });

  it('writes only the filters that are set, encoding + in phones', () => {
    const params = filtersToParams({ ...NO_FILTERS, phone: '+1 (415) 555-2671', campaignId: ' abc ' });
    expect(params.toString()).toBe('campaignId=abc&phone=%2B14155552671');
  });

  it('round-trips through the URL', () => {
    const filters = {
      runId: 'r',
      campaignId: 'c',
      phone: '+14155552671',
      status: 'delivered',
      from: '2025-01-01T10:00:00.000Z',
      to: '2025-01-02T10:00:00.000Z',
    };
    expect(filtersFromParams(new URLSearchParams(filtersToParams(filters).toString()))).toEqual(filters);
  });

  it('builds the API query and the CSV link from the same filters', () => {
    const filters = { ...NO_FILTERS, status: 'failed', phone: '+14155552671' };
    expect(toMessageQuery(filters)).toEqual({ status: 'failed', phone: '+14155552671' });
    expect(messagesCsvHref(filters)).toBe('/api/messages.csv?phone=%2B14155552671&status=failed');
    expect(messagesCsvHref(NO_FILTERS)).toBe('/api/messages.csv');
  });
});

describe('datetime-local conversion', () => {
  it('round-trips a local minute through an ISO instant', () => {
    const iso = fromLocalInput('2025-03-04T05:06');
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(toLocalInput(iso)).toBe('2025-03-04T05:06');
  });

  it('gives empty for empty or invalid values', () => {
    expect(fromLocalInput('')).toBe('');
    expect(fromLocalInput('nope')).toBe('');
    expect(toLocalInput('')).toBe('');
    expect(toLocalInput('nope')).toBe('');
  });
});
