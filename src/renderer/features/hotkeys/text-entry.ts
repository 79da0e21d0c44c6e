// Whether a key event comes from a place where the agent is typing (DOM-only, so kept apart from the pure map).

/** True when typing in this element should not trigger single-key shortcuts like "?". */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit'].includes(type);
  }
  return el.isContentEditable === true;
}
