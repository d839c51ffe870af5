import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readFormBody } from './form-body.js';

/** What readFormBody and Hono's own parseBody make of the same request. */
async function both(body: string | FormData, contentType: string | undefined, all?: boolean) {
  const app = new Hono();
  const read = (parse: boolean) =>
    app.post(parse ? '/parse' : '/read', async (c) =>
      c.json(
        parse
          ? await c.req.parseBody(all === undefined ? {} : { all })
          : await readFormBody(c, all === undefined ? {} : { all }),
      ),
    );
  read(true);
  read(false);
  const init = (): RequestInit => ({
    method: 'POST',
    body,
    ...(contentType ? { headers: { 'content-type': contentType } } : {}),
  });
  const [ours, hono] = await Promise.all([
    (async () => (await app.request('/read', init())).json())(),
    (async () => (await app.request('/parse', init())).json())(),
  ]);
  return { ours, hono };
}

describe('readFormBody', () => {
  it("reads a urlencoded form as Hono's parseBody does: last value wins, `[]` names and `all` make lists", async () => {
    const form = 'Body=Hi+there%21&To=%2B14155550100&To=%2B14155550101&MediaUrl%5B%5D=a&MediaUrl%5B%5D=b&Empty=';
    for (const all of [undefined, true]) {
      const { ours, hono } = await both(form, 'application/x-www-form-urlencoded; charset=utf-8', all);
      expect(ours).toEqual(hono);
    }
    const { ours } = await both(form, 'application/x-www-form-urlencoded');
    expect(ours).toEqual({ Body: 'Hi there!', To: '+14155550101', 'MediaUrl[]': ['a', 'b'], Empty: '' });
    expect((await both(form, 'application/x-www-form-urlencoded', true)).ours).toMatchObject({
      To: ['+14155550100', '+14155550101'],
    });
  });

  it('leaves other bodies to parseBody: multipart fields, and nothing from a body that is not a form', async () => {
    const multipart = new FormData();
    multipart.set('Body', 'Hello');
    const { ours, hono } = await both(multipart, undefined);
    expect(ours).toEqual({ Body: 'Hello' });
    expect(ours).toEqual(hono);
    expect((await both('{"Body":"x"}', 'application/json')).ours).toEqual({});
  });
});
