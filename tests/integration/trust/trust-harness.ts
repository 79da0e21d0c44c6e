// Shared bits of the trust tests: an agent desk on a real socket, signed in with a fresh token.
import type { RunningHub } from '../../../src/hub/server';
import { connectDesk, type TestDesk } from '../hub/hub-harness';

export async function deskFor(
  h: RunningHub,
  cleanups: { push(c: () => void): void },
  name: string,
  opts: { role?: 'agent' | 'supervisor'; skills?: string[]; capacity?: number } = {},
): Promise<TestDesk & { agentId: string; token: string }> {
  const { agentId, token } = h.issueToken({ name, role: opts.role ?? 'agent', skills: opts.skills ?? ['billing'], capacity: opts.capacity ?? 3 });
  const d = connectDesk(h, token);
  cleanups.push(() => d.close());
  await d.hello;
  return Object.assign(d, { agentId, token });
}
