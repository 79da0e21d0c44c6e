// Checks a hub address and an agent token before the desk switches to them (Settings → Save): who the token
// belongs to (GET /v1/agents/me), or why it cannot be used, as a field error the Settings screen shows where the
// agent typed. Nothing is saved on failure, so a typo never signs the desk out of a working hub.
import { z } from 'zod';
import type { AgentProfile } from '../../../shared/domain/conversation';
import { agentStatusSchema } from '../../../shared/domain/conversation';
import { fail, ok, type Result } from '../../../shared/result';

const meSchema = z.object({
  agentId: z.string().min(1),
  name: z.string(),
  role: z.enum(['agent', 'supervisor']),
  skills: z.array(z.string()),
  capacity: z.number(),
  status: agentStatusSchema.optional(),
});

const reasonOf = (e: unknown): string => {
  const err = e as { name?: string; cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer within 5 s';
  return err.cause?.code ?? (e instanceof Error ? e.message : 'unknown error');
};

/** The identity behind `token` at `hubUrl`, or a Result whose issue names the field to fix (hubUrl or agentToken). */
export async function checkHubToken(hubUrl: string, token: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Result<AgentProfile>> {
  const signals = [AbortSignal.timeout(opts.timeoutMs ?? 5_000), ...(opts.signal ? [opts.signal] : [])];
  let res: Response;
  try {
    res = await fetch(new URL('/v1/agents/me', hubUrl), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.any(signals) });
  } catch (e) {
    const message = `Cannot reach a hub at ${hubUrl} (${reasonOf(e)}). Check the address, or save again once the hub runs.`;
    return fail('hub_unreachable', message, [{ path: 'hubUrl', message }]);
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    const message =
      res.status === 403
        ? 'That is not an agent or supervisor token (a bot key, perhaps). Paste the token your supervisor issued.'
        : `The hub at ${hubUrl} does not know this token. Check that you copied all of it, or ask your supervisor for a new one.`;
    return fail('token_rejected', message, [{ path: 'agentToken', message }]);
  }
  let body: unknown;
  try {
    body = res.ok ? await res.json() : undefined;
  } catch {
    body = undefined;
  }
  const me = meSchema.safeParse(body);
  if (!me.success) {
    const message = `${hubUrl} answered, but not as a Baton Hub does (HTTP ${res.status}). Check the hub address.`;
    return fail('not_a_hub', message, [{ path: 'hubUrl', message }]);
  }
  const v = me.data;
  return ok({ id: v.agentId, name: v.name, role: v.role, skills: v.skills, capacity: v.capacity, status: v.status ?? 'away' });
}
