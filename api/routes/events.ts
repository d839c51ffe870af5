import { recordGoalEvent } from '../../features/goals/record-goal-event.js';
import type { ApiServices } from '../app.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZPostedEvent, ZPostEvent } from '../schemas/events.js';

/** `/events`: what integrations report happened for a phone; journeys count it as a goal. */
export function eventRoutes({ db }: Pick<ApiServices, 'db'>) {
  return createRouter().openapi(
    createApiRoute({
      tag: 'Events',
      access: 'session',
      method: 'post',
      path: '/',
      operationId: 'postEvent',
      summary: 'Report an event for a phone (journey goals)',
      description:
        "Converts the workspace's contacts of that phone whose run's journey has the event as its goal, when it comes within the goal's window from the contact's start; a contact converts once per run. Meant for integrations with an API key (`Authorization: Bearer ick_...`), member or admin. With `id`, a retried post answers 200 with the first post's outcome and `duplicate: true`.",
      request: { body: jsonBody(ZPostEvent) },
      responses: {
        201: json(ZPostedEvent, 'Stored; `conversions` contacts converted.'),
        200: json(ZPostedEvent, 'A retry of an event already posted with this `id`: nothing new was counted.'),
      },
      errors: [400, 409, 415],
    }),
    async (c) => {
      const event = await recordGoalEvent(db, c.get('auth').workspaceId, c.req.valid('json'));
      c.get('logger').info(
        { eventId: event.id, name: event.name, conversions: event.conversions, duplicate: event.duplicate },
        'goal event',
      );
      return event.duplicate ? c.json(event, 200) : c.json(event, 201);
    },
  );
}
