import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';

/** A chat completions request as the stub received it. */
export interface TStubRequest {
  authorization: string | undefined;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    [key: string]: unknown;
  };
}

/** What the stub answers: the assistant message's text (valid JSON or not), or an HTTP error. */
export type TStubAnswer = { content: string } | { status: 400 | 401 | 429 | 500; message: string };
export type TStubResponder = (request: TStubRequest) => TStubAnswer;

/**
 * The JSON document the checker sent as data: the last user message, between its
 * delimiter lines. Undefined when the request carries none.
 */
export function templateOf(request: TStubRequest): Record<string, unknown> | undefined {
  const user = request.body.messages.findLast((message) => message.role === 'user');
  const match = user ? /^<template_json>\n([\s\S]*)\n<\/template_json>$/.exec(user.content) : null;
  if (!match?.[1]) return undefined;
  return (JSON.parse(match[1]) as { template?: Record<string, unknown> }).template;
}

/**
 * A local OpenAI-compatible endpoint: `POST /v1/chat/completions` records each request and
 * answers with `respond(request)`. The real `openai` client talks to it through `baseURL`,
 * so tests cover the client code without reaching OpenAI's hosts.
 */
export async function startOpenAiStub(respond: TStubResponder) {
  const requests: TStubRequest[] = [];
  let responder = respond;
  const app = new Hono().post('/v1/chat/completions', async (c) => {
    const request: TStubRequest = { authorization: c.req.header('authorization'), body: await c.req.json() };
    requests.push(request);
    const answer = responder(request);
    if ('status' in answer) {
      return c.json({ error: { message: answer.message, type: 'stub_error', param: null, code: null } }, answer.status);
    }
    return c.json({
      id: `chatcmpl-stub-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: answer.content, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    });
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    /** What to pass as OPENAI_BASE_URL. */
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Changes the answer for the requests that follow. */
    setResponder(next: TStubResponder) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
