import type { TApiOperation } from './operation.js';
import { AUTH_OPERATIONS } from './paths/auth.js';
import { CAMPAIGN_OPERATIONS } from './paths/campaigns.js';
import { CONFIG_OPERATIONS } from './paths/config.js';
import { DOCS_OPERATIONS } from './paths/docs.js';
import { EXPORT_OPERATIONS } from './paths/exports.js';
import { INBOUND_OPERATIONS } from './paths/inbound.js';
import { JOURNEY_OPERATIONS } from './paths/journeys.js';
import { MESSAGE_OPERATIONS } from './paths/messages.js';
import { REPLY_OPTION_OPERATIONS } from './paths/reply-options.js';
import { RUN_OPERATIONS } from './paths/runs.js';
import { TEMPLATE_OPERATIONS } from './paths/templates.js';
import { USER_OPERATIONS } from './paths/users.js';
import { WORKSPACE_OPERATIONS } from './paths/workspace.js';

/**
 * Every /api route, in the order the reference lists them. A route added to api/routes
 * without an entry here fails test/openapi.int.test.ts, and so does an entry without a route.
 */
export const API_OPERATIONS: readonly TApiOperation[] = [
  ...AUTH_OPERATIONS,
  ...CONFIG_OPERATIONS,
  ...JOURNEY_OPERATIONS,
  ...RUN_OPERATIONS,
  ...REPLY_OPTION_OPERATIONS,
  ...CAMPAIGN_OPERATIONS,
  ...MESSAGE_OPERATIONS,
  ...EXPORT_OPERATIONS,
  ...TEMPLATE_OPERATIONS,
  ...WORKSPACE_OPERATIONS,
  ...USER_OPERATIONS,
  ...INBOUND_OPERATIONS,
  ...DOCS_OPERATIONS,
];
