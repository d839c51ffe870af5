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

/** An intent classification request as the model reads it: the reply, the intents, the answers its schema allows. */
export interface TIntentAsk {
  reply: string;
  intents: Array<{ id: string; intent: string }>;
  /** The enum of the response format's `intent` field: the intent branch ids and "none". */
  answers: string[];
}

/**
 * The intent classification a request asks for (features/reply-intent): the reply from the
 * last user message, between its delimiter lines; the intents listed after "Intents:" in
 * the system message; the answers from the response format. Undefined for other requests.
 */
export function intentAskOf(request: TStubRequest): TIntentAsk | undefined {
  const user = request.body.messages.findLast((message) => message.role === 'user');
  const system = request.body.messages.find((message) => message.role === 'system');
  const reply = user ? /^<reply_json>\n([\s\S]*)\n<\/reply_json>$/.exec(user.content) : null;
  const intents = system ? /\nIntents:\n(.*)$/.exec(system.content) : null;
  if (!reply?.[1] || !intents?.[1]) return undefined;
  const schema = request.body.response_format?.json_schema?.schema as
    { properties?: { intent?: { enum?: string[] } } } | undefined;
  return {
    reply: (JSON.parse(reply[1]) as { reply: string }).reply,
    intents: JSON.parse(intents[1]) as TIntentAsk['intents'],
    answers: schema?.properties?.intent?.enum ?? [],
  };
}

/**
 * A deterministic stand-in for the model on intent requests: `decide` picks the answer,
 * sent back as `{"intent": answer}` exactly as given (a stub does not enforce the response
 * format, which is how tests show that an answer outside it counts as no intent), or an
 * HTTP error. Any other request is answered 400.
 */
export function intentResponder(decide: (ask: TIntentAsk) => string | TStubAnswer): TStubResponder {
  return (request) => {
    const ask = intentAskOf(request);
    if (!ask) return { status: 400, message: 'not an intent classification request' };
    const answer = decide(ask);
    return typeof answer === 'string' ? { content: JSON.stringify({ intent: answer }) } : answer;
  };
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
