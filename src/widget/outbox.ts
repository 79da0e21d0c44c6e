// Sends the customer's messages. Each message keeps one clientMessageId through every retry, so the hub stores it
// once however many times it is posted (a lost answer, a restarted hub). Network errors, 429 and 5xx are retried
// with growing, jittered delays honouring Retry-After; after a while the message is shown as not sent with a
// Retry button, and the customer decides.
export interface OutgoingMessage {
  clientMessageId: string;
  text: string;
}

export type SendOutcome = { ok: true } | { ok: false; retryable: boolean; status?: number };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function postCustomerMessage(o: { hubUrl: string; conversationId: string; token: string; message: OutgoingMessage; maxAttempts?: number }): Promise<SendOutcome> {
  const max = o.maxAttempts ?? 8;
  for (let attempt = 0; ; attempt++) {
    let wait = Math.min(8_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    try {
      const res = await fetch(`${o.hubUrl}/v1/conversations/${encodeURIComponent(o.conversationId)}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'customer', text: o.message.text, clientMessageId: o.message.clientMessageId }),
      });
      if (res.ok) return { ok: true };
      if (res.status !== 429 && res.status < 500) return { ok: false, retryable: false, status: res.status };
      const after = Number(res.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0) wait = Math.max(wait, after * 1000);
    } catch {
      // The hub is unreachable (restarting, offline): retried like a 503.
    }
    if (attempt + 1 >= max) return { ok: false, retryable: true };
    await sleep(wait);
  }
}
