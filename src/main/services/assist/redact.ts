// Personal-data redaction for every text the desk sends to a model provider. Patterns are confirmed by checksums
// where one exists (Luhn for cards, mod-97 for IBANs, the DNI check letter) so order ids, tracking numbers,
// prices and dates survive: the model needs those to be useful.

export type RedactionKind = 'card' | 'email' | 'phone' | 'iban' | 'national-id';

export interface Redaction {
  text: string;
  /** How many of each kind were replaced, e.g. `{ card: 1, email: 2 }`. */
  found: Record<string, number>;
}

export function redactPersonalData(text: string): Redaction {
  const found: Record<string, number> = {};
  const count = (kind: RedactionKind) => {
    found[kind] = (found[kind] ?? 0) + 1;
    return `[${kind}]`;
  };
  let out = text;
  // Emails first: their local part may hold digits that look like phones.
  out = out.replace(EMAIL, () => count('email'));
  out = out.replace(IBAN_CANDIDATE, (candidate) => redactIbanPrefix(candidate, () => count('iban')));
  out = out.replace(CARD_CANDIDATE, (candidate) => (looksLikeCard(candidate) ? count('card') : candidate));
  out = out.replace(US_SSN, (match, area: string, group: string, serial: string) =>
    area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000' ? match : count('national-id'),
  );
  out = out.replace(UK_NINO, () => count('national-id'));
  out = out.replace(ES_DNI, (match, digits: string, letter: string) =>
    DNI_LETTERS[Number(digits) % 23] === letter.toUpperCase() ? count('national-id') : match,
  );
  out = out.replace(IT_CODICE_FISCALE, () => count('national-id'));
  out = out.replace(PHONE_CANDIDATE, (candidate, lead: string) => {
    const trimmed = candidate.slice(lead.length);
    return isPhone(trimmed) ? lead + count('phone') : candidate;
  });
  return { text: out, found };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// 13–19 digits, optionally grouped by single spaces or dashes (4-4-4-4, 4-6-5, ...).
const CARD_CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;

// Country code, two check digits, then 11–30 alphanumerics optionally grouped by spaces.
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;

const US_SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])/g;
// UK National Insurance number: two prefix letters (D, F, I, Q, U, V never used), six digits, suffix A–D.
const UK_NINO = /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
const ES_DNI = /\b(\d{8})-?([A-Za-z])\b/g;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const IT_CODICE_FISCALE = /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/g;

// A run of digits with the separators people type in phone numbers; `lead` keeps the character before it.
const PHONE_CANDIDATE = /(^|[^\w+.\-/])((?:\+|00)?\(?\d[\d\s().-]{5,}\d)(?![\w/]|[.,-]\d)/g;

function isPhone(candidate: string): boolean {
  const digits = digitsOf(candidate);
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  if (/\n/.test(candidate)) return false;
  // Dates (2026-11-12, 12.11.2026) and times never reach 9 digits; amounts use at most one separator.
  if (DATE_LIKE.test(candidate)) return false;
  if (international) return digits.length >= 8 && digits.length <= 15;
  const separated = /[\s().-]/.test(candidate);
  // National trunk prefix: 020 7946 0958, 07700 900123, 030 12345678, 01 23 45 67 89.
  if (/^\(?0/.test(candidate)) return digits.length >= 9 && digits.length <= 11;
  // North American numbers need their separators: a bare 10-digit run is far more often an order id.
  if (!separated) return false;
  const nanp = digits.length === 10 || (digits.length === 11 && digits.startsWith('1'));
  return nanp && /^(?:1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/.test(candidate);
}

const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;

/** Card numbers start with 2–6 (Visa, Mastercard, Amex, Discover...), are grouped as printed, and pass Luhn. */
function looksLikeCard(candidate: string): boolean {
  const digits = digitsOf(candidate);
  if (!/^[2-6]/.test(digits) || !luhnValid(digits)) return false;
  const groups = candidate.split(/[ -]/).map((g) => g.length);
  if (groups.length === 1) return true;
  const amex = groups.join(',') === '4,6,5' || groups.join(',') === '4,6,4';
  const fours = groups.slice(0, -1).every((g) => g === 4) && (groups.at(-1) ?? 0) >= 1 && (groups.at(-1) ?? 0) <= 4;
  return amex || fours;
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

export function luhnValid(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function ibanValid(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** The candidate may run into the next word ("GB82 WEST ... 32 PLEASE"): redact the longest valid prefix. */
function redactIbanPrefix(candidate: string, replace: () => string): string {
  const ends: number[] = [];
  let compact = '';
  for (let i = 0; i < candidate.length; i++) {
    const ch = candidate[i] ?? '';
    if (ch === ' ') continue;
    compact += ch;
    ends.push(i + 1);
  }
  for (let length = compact.length; length >= 15; length--) {
    if (!ibanValid(compact.slice(0, length))) continue;
    const end = ends[length - 1] ?? candidate.length;
    // Only cut where a group ends, never inside a word.
    const next = candidate[end];
    if (next !== undefined && next !== ' ') continue;
    return replace() + candidate.slice(end);
  }
  return candidate;
}

/**
 * Removes what the desk knows about this customer (their name, email and phone as given by the bot) wherever it
 * appears, then the generic patterns. Names have no pattern, so this is the only way they leave the text.
 */
export function redactForModel(text: string, known: { name?: string; email?: string; phone?: string }): Redaction {
  let out = text;
  let names = 0;
  const nameParts = (known.name ?? '')
    .split(/\s+/)
    .map((part) => part.replace(/[^\p{L}\p{M}'-]/gu, ''))
    .filter((part) => part.length >= 2)
    .sort((a, b) => b.length - a.length);
  if (known.name && known.name.trim().length >= 2) {
    out = out.replace(new RegExp(escapeRegExp(known.name.trim()), 'giu'), () => (names++, '[name]'));
  }
  for (const part of nameParts) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{M}])${escapeRegExp(part)}(?![\\p{L}\\p{M}])`, 'giu'), () => (names++, '[name]'));
  }
  if (known.email) out = out.split(known.email).join('[email]');
  const phoneDigits = known.phone?.replace(/\D/g, '') ?? '';
  if (phoneDigits.length >= 6) {
    // The same number typed with any spacing or dashes.
    out = out.replace(new RegExp(phoneDigits.split('').join('[\\s().-]*'), 'g'), '[phone]');
  }
  const generic = redactPersonalData(out);
  if (names > 0) generic.found.name = (generic.found.name ?? 0) + names;
  return generic;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
