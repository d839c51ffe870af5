export { normalizeAudience } from './normalize-audience.js';
export type {
  TAudience,
  TAudienceContact,
  TAudienceParse,
  TAudienceRejection,
  TNormalizeOptions,
  TRawAudienceRow,
} from './normalize-audience.js';
export { parseCsvAudience, PHONE_COLUMN_NAMES } from './parse-csv-audience.js';
export type { TCsvAudienceOptions, TCsvProblem } from './parse-csv-audience.js';
export { parseJsonAudience } from './parse-json-audience.js';
export type { TJsonAudienceOptions } from './parse-json-audience.js';
