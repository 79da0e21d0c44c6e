// Issue 12 point 12, in a browser: opening the hub's address shows what it is (name, version, the API's routes
// and the credential each takes) instead of a JSON 404, and a call with the wrong credential is told which one
// its route expects.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskStack, type DeskStack } from './harness';
import { atEachSize } from './screens';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe("the hub's own answers", () => {
  let stack: DeskStack;
  beforeAll(async () => {
    stack = await startDeskStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows its name, version and routes to a browser, and names the credential a refused call needs', async () => {
    const page = await stack.context.newPage();
    const opened = await page.goto(stack.hubUrl);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['content-type']).toMatch(/^text\/html/);
    await page.getByRole('heading', { name: 'Baton Hub' }).waitFor();
    expect(await page.getByTestId('hub-version').innerText()).toBe(version);
    const handoffs = page.getByRole('row').filter({ hasText: 'POST /v1/handoffs' });
    expect(await handoffs.getByRole('cell').last().innerText()).toBe('bot key');
    expect(await page.getByRole('row').filter({ hasText: '/v1/metrics' }).getByRole('cell').last().innerText()).toBe('supervisor token');
    expect(await page.getByRole('row').filter({ hasText: '/stream' }).getByRole('cell').last().innerText()).toBe("owning bot's key or customer token");
    await atEachSize(page, 'hub-index');

    // A client that asks for JSON (curl, a bot) gets the same index as data.
    // (The page's CSP allows no fetch from it, so these calls go through the browser context's request API.)
    const http = stack.context.request;
    const asJson = (await (await http.get(stack.hubUrl, { headers: { accept: 'application/json' } })).json()) as unknown;
    expect(asJson).toMatchObject({ name: 'Baton Hub', version, links: { handoffs: { href: '/v1/handoffs', credential: 'bot_key' } } });

    // The one public link works from the page.
    await page.getByRole('link', { name: 'GET /healthz' }).click();
    expect(JSON.parse(await page.locator('body').innerText())).toMatchObject({ ok: true });

    // Wrong credentials: each refusal names what its route takes.
    type Refusal = { error?: { message?: string; credential?: string } };
    const wrongBotKey = await http.post(`${stack.hubUrl}/v1/handoffs`, { headers: { authorization: 'Bearer not-a-key' }, data: {} });
    const botKeyForAgentRoute = await http.get(`${stack.hubUrl}/v1/agents/me`, { headers: { authorization: 'Bearer e2e-bot-key' } });
    const refusals = {
      wrongBotKey: { status: wrongBotKey.status(), body: (await wrongBotKey.json()) as Refusal },
      botKeyForAgentRoute: { status: botKeyForAgentRoute.status(), body: (await botKeyForAgentRoute.json()) as Refusal },
    };
    expect(refusals.wrongBotKey.status).toBe(401);
    expect(refusals.wrongBotKey.body.error?.credential).toBe('bot_key');
    expect(refusals.wrongBotKey.body.error?.message).toMatch(/bot key/);
    // A real bot key on an agent's route is known but not allowed there: 403, saying what to use instead.
    expect(refusals.botKeyForAgentRoute.status).toBe(403);
    expect(refusals.botKeyForAgentRoute.body.error?.message).toMatch(/agent or supervisor token/);
    await page.close();
  });
});
