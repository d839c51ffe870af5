import type { components } from '../../api-client/schema';

/** What a launch will send, as the dry run forecasts it. */
export type TForecast = components['schemas']['LaunchPreview']['forecast'];
export type TForecastRange = components['schemas']['ForecastRange'];

/** "3", "2 to 4", or "2 or more" when a loop can repeat messages without bound. */
export function rangeText({ min, max }: TForecastRange): string {
  if (max === null) return `${min.toLocaleString()} or more`;
  if (max === min) return min.toLocaleString();
  return `${min.toLocaleString()} to ${max.toLocaleString()}`;
}

/** A drain time the way people say it: "under a minute", "about 5 min", "2 h 10 min", "3 days 4 h". */
export function durationText(seconds: number | null): string {
  if (seconds === null) return 'no send-rate limit';
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0
    ? `${days} ${days === 1 ? 'day' : 'days'}`
    : `${days} ${days === 1 ? 'day' : 'days'} ${hours % 24} h`;
}
