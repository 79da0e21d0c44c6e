// Customer tokens: what a browser holds instead of a bot key. HMAC-SHA256 over `{ c: conversationId, h: handoffId,
// iat }`, scoped to one conversation: read its events, post customer messages, end it, rate it, nothing else.
// A token stops working when its conversation has been ended longer than the grace period (or after maxAgeMs).
// The secret comes from BATON_CUSTOMER_TOKEN_SECRET or a file in the hub's data dir created on first start.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CustomerTokenClaims {
  conversationId: string;
  handoffId: string;
  issuedAt: number;
}

export const CUSTOMER_TOKEN_PREFIX = 'bct_';

export function loadCustomerTokenSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.BATON_CUSTOMER_TOKEN_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error('BATON_CUSTOMER_TOKEN_SECRET must be at least 16 characters.');
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = join(dataDir, 'customer-token.secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64url'), { mode: 0o600 });
  return secret;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

export function createCustomerTokens(secret: Buffer) {
  const mac = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();
  return {
    issue(claims: CustomerTokenClaims): string {
      const payload = b64(JSON.stringify({ c: claims.conversationId, h: claims.handoffId, iat: claims.issuedAt }));
      return `${CUSTOMER_TOKEN_PREFIX}${payload}.${mac(payload).toString('base64url')}`;
    },
    /** The claims if the signature holds; undefined for anything else (never throws). */
    verify(token: string | undefined): CustomerTokenClaims | undefined {
      if (!token?.startsWith(CUSTOMER_TOKEN_PREFIX)) return undefined;
      const [payload, sig] = token.slice(CUSTOMER_TOKEN_PREFIX.length).split('.');
      if (!payload || !sig) return undefined;
      const want = mac(payload);
      const got = Buffer.from(sig, 'base64url');
      if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
      try {
        const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; h?: unknown; iat?: unknown };
        if (typeof v.c !== 'string' || typeof v.h !== 'string' || typeof v.iat !== 'number') return undefined;
        return { conversationId: v.c, handoffId: v.h, issuedAt: v.iat };
      } catch {
        return undefined;
      }
    },
  };
}

export type CustomerTokens = ReturnType<typeof createCustomerTokens>;

export const isCustomerToken = (token: string | undefined): boolean => !!token?.startsWith(CUSTOMER_TOKEN_PREFIX);
