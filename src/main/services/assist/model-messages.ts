// The single exit point of text towards a model provider: every message is redacted here, so no prompt builder
// can forget to. Also puts the customer's first name back into replies locally, after the model answered.
import type { Suggestion } from '../../../shared/domain/assist';
import type { Customer } from '../../../shared/domain/handoff';
import type { PromptMessage } from './prompts';
import { redactForModel } from './redact';

export function redactMessages(messages: PromptMessage[], customer: Customer): { messages: PromptMessage[]; redacted: number } {
  let redacted = 0;
  const out = messages.map((m) => {
    const { text, found } = redactForModel(m.content, customer);
    redacted += Object.values(found).reduce((a, b) => a + b, 0);
    return { role: m.role, content: text };
  });
  return { messages: out, redacted };
}

/** The model saw "[name]"; the agent's reply should say "Anna". Nothing else is restored. */
export function restoreName(suggestions: Suggestion[], customer: Customer): Suggestion[] {
  const first = customer.name?.trim().split(/\s+/)[0];
  if (!first) return suggestions;
  return suggestions.map((s) => (s.reply?.includes('[name]') ? { ...s, reply: s.reply.split('[name]').join(first) } : s));
}
