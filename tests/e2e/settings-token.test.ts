// A token saved in Settings is checked with the hub when it is saved: a wrong one gets its error at the field,
// and the desk stays signed in as before (header, link) instead of keeping a stale name over a dead link; a
// right one (here a supervisor's) replaces the identity in the header at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskStack, type DeskStack } from './harness';
import { shotPath, VIEWPORTS } from './screens';

describe('saving a token in Settings', () => {
  let stack: DeskStack;
  beforeAll(async () => {
    stack = await startDeskStack();
    await stack.page.getByTestId('status-bar').getByText('Online').waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('checks it with the hub: the error at the field for a wrong one, the new identity for a right one', async () => {
    const { page } = stack;
    await expect(page.getByTestId('agent-name').innerText()).resolves.toBe('Maya Chen');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-agent-token').fill('bat_this-token-was-never-issued-by-the-hub');
    await page.getByTestId('settings-save').click();

    const error = page.getByTestId('error-agentToken');
    await error.waitFor();
    await expect(error.innerText()).resolves.toMatch(/does not know this token/);
    // The error sits at the token field, in view, not as small text in the status bar.
    const field = await page.locator('[data-field=agentToken]').boundingBox();
    const shown = await error.boundingBox();
    expect(shown && field && shown.y >= field.y && shown.y + shown.height <= field.y + field.height + 1).toBe(true);
    await page.screenshot({ path: shotPath('desk-settings-token-error', VIEWPORTS[1]) });
    // Nothing changed: same identity, still online.
    await expect(page.getByTestId('agent-name').innerText()).resolves.toBe('Maya Chen');
    await expect(page.getByTestId('link-state').innerText()).resolves.toBe('Online');

    // A supervisor's token: accepted, and the header says who is signed in now.
    const supervisor = stack.hub.issueToken({ name: 'Sam Lee', role: 'supervisor', skills: [], capacity: 0 });
    await page.getByTestId('settings-agent-token').fill(supervisor.token);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('agent-name').innerText()).toBe('Sam Lee');
    await expect(page.locator('.agent-name-block').innerText()).resolves.toMatch(/Supervisor/);
    await expect(page.getByTestId('error-agentToken').count()).resolves.toBe(0);
    await page.getByTestId('nav-supervisor').waitFor();
    await expect.poll(() => page.getByTestId('link-state').innerText()).toBe('Online');
  });
});
