import type { ZodObject, ZodType } from 'zod';

/** How a caller proves itself: a session (JWT as a Bearer token or the session cookie), Twilio's request signature, or not at all. */
export type TSecurity = 'bearer' | 'twilio' | 'public';

/** Error statuses an operation lists itself; 401 (bearer), 413 (a body) and 429 (rate limited) are added where they apply. */
export type TErrorStatus = 400 | 401 | 403 | 404 | 409 | 415 | 502;

export type TTag =
  | 'Auth'
  | 'Config'
  | 'Journeys'
  | 'Runs'
  | 'Campaigns'
  | 'Messages'
  | 'Templates'
  | 'Workspace'
  | 'Users'
  | 'Exports'
  | 'Webhooks'
  | 'Docs';

/** Media type -> the schema of that representation. */
export type TContent = Readonly<Record<string, ZodType>>;

/**
 * One route of the API as the OpenAPI document describes it. Request schemas are the ones
 * the route validates with (exported from api/routes/*.ts); response schemas are written
 * beside the operations and checked against real answers by test/openapi.int.test.ts.
 */
export interface TApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The full path, OpenAPI style: `/api/journeys/{id}`. */
  path: string;
  operationId: string;
  tag: TTag;
  summary: string;
  description?: string;
  security: TSecurity;
  request?: {
    path?: ZodObject;
    query?: ZodObject;
    /** Alternative representations of the body, by media type. */
    body?: TContent;
  };
  success: TSuccess;
  /** Success answers of a mode the request selects (`?dryRun=true`), each with another status. */
  otherSuccesses?: readonly TSuccess[];
  errors?: readonly TErrorStatus[];
}

/** One success answer of an operation. */
export interface TSuccess {
  status: 200 | 201 | 202 | 204;
  description: string;
  content?: TContent;
  headers?: ZodObject;
}
