import { addSender } from '../../features/senders/add-sender.js';
import { listSenders } from '../../features/senders/list-senders.js';
import { removeSender } from '../../features/senders/remove-sender.js';
import { updateSender } from '../../features/senders/update-sender.js';
import type { ApiServices } from '../app.js';
import { requireRole } from '../middleware/auth.js';
import { createApiRoute, json, jsonBody } from '../openapi/route.js';
import { createRouter } from '../openapi/router.js';
import { ZPathId } from '../schemas/common.js';
import { ZNewSender, ZSenderBody, ZSenderList, ZUpdateSender } from '../schemas/senders.js';

const base = { tag: 'Workspace', access: 'session' } as const;

/**
 * `/workspace/senders` (GET, POST, and PATCH/DELETE by id): the workspace's sender pool. Each send goes from one of its
 * senders on the send's channel (the one the contact was first messaged from, sticky), at
 * that sender's own rate and the account's. Everyone may list it; only admins change it.
 */
export function senderRoutes({
  db,
  config,
  twilio,
  senderStats,
}: Pick<ApiServices, 'db' | 'config' | 'twilio' | 'senderStats'>) {
  const claim = {
    db,
    twilio,
    defaultSenders: { sms: config.TWILIO_SMS_FROM, whatsapp: config.TWILIO_WHATSAPP_FROM },
  };
  return createRouter()
    .openapi(
      createApiRoute({
        ...base,
        method: 'get',
        path: '/',
        operationId: 'listSenders',
        summary: "The workspace's senders, with their rates and queues",
        description:
          'Each with its kind, the rate in force (its own, else the kind’s published figure: long code 1 segment/s, toll-free 3, short code 100, WhatsApp 80 messages/s), the sends waiting for it and how long they take to drain; `rateFactor` below 1 while Twilio’s back-pressure has lowered it.',
        responses: { 200: json(ZSenderList, 'Oldest first.') },
      }),
      async (c) => c.json(await listSenders({ db, readStats: senderStats }, c.get('auth').workspaceId), 200),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'post',
        path: '/',
        operationId: 'addSender',
        summary: 'Add a sender to the pool (admins)',
        description:
          "A number belongs to one workspace (409) and is never one of the deployment's default senders (409); with a real Twilio account it must be on it (400). A Messaging Service (`MG...`, kind `messaging_service`) needs its `ratePerSec`, and lets sends due in quiet hours be scheduled at Twilio.",
        middleware: requireRole('admin'),
        request: { body: jsonBody(ZNewSender) },
        responses: { 201: json(ZSenderBody, 'The new sender.') },
        errors: [400, 403, 409, 415, 502],
      }),
      async (c) => c.json({ sender: await addSender(claim, c.get('auth').workspaceId, c.req.valid('json')) }, 201),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'patch',
        path: '/{id}',
        operationId: 'updateSender',
        summary: "Change a sender's kind or rate (admins)",
        description: '`ratePerSec: null` goes back to the kind’s figure. Applies from the next send.',
        middleware: requireRole('admin'),
        request: { params: ZPathId, body: jsonBody(ZUpdateSender) },
        responses: { 200: json(ZSenderBody, 'The sender.') },
        errors: [400, 403, 404, 415],
      }),
      async (c) =>
        c.json(
          {
            sender: await updateSender(db, c.get('auth').workspaceId, c.req.valid('param').id, c.req.valid('json')),
          },
          200,
        ),
    )
    .openapi(
      createApiRoute({
        ...base,
        method: 'delete',
        path: '/{id}',
        operationId: 'removeSender',
        summary: 'Take a sender out of the pool (admins)',
        description: 'Contacts that stuck to it go on from another of the pool’s senders.',
        middleware: requireRole('admin'),
        request: { params: ZPathId },
        responses: { 204: { description: 'Removed.' } },
        errors: [403, 404],
      }),
      async (c) => {
        await removeSender(db, c.get('auth').workspaceId, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
