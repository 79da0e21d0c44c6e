// What personal-data redaction removes before text reaches a model, and, just as important, what it leaves alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, redactForModel, redactPersonalData } from '../../../src/main/services/assist/redact';

const redact = (text: string) => redactPersonalData(text).text;

describe('card numbers', () => {
  it.each([
    ['4111 1111 1111 1111', 'Visa with spaces'],
    ['4111-1111-1111-1111', 'Visa with dashes'],
    ['5555555555554444', 'Mastercard, no separators'],
    ['3782 822463 10005', 'Amex 4-6-5'],
  ])('redacts %s (%s) because it passes Luhn', (card) => {
    expect(redact(`my card is ${card}, thanks`)).toBe('my card is [card], thanks');
  });

  it('keeps a 16-digit number that fails Luhn', () => {
    expect(redact('ref 4111 1111 1111 1112')).toBe('ref 4111 1111 1111 1112');
  });

  it('keeps order numbers, even long ones, that fail Luhn', () => {
    expect(redact('Order 3348917502 and 3348917502000001')).toBe('Order 3348917502 and 3348917502000001');
  });

  it('does not glue an order id and a nearby number into a card', () => {
    // 3348917502 1234 would be 14 digits; it is not grouped like a printed card.
    expect(redact('order 3348917502 1234')).toBe('order 3348917502 1234');
  });

  it('checks Luhn correctly', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('emails', () => {
  it('redacts addresses with plus tags and subdomains', () => {
    const { text, found } = redactPersonalData('write to anna.berg+shop@mail.example.co.uk or a@b.io');
    expect(text).toBe('write to [email] or [email]');
    expect(found.email).toBe(2);
  });
});

describe('phone numbers', () => {
  it.each([
    '+44 20 7946 0958',
    '+1 (415) 555-0132',
    '0044 20 7946 0958',
    '(415) 555-0132',
    '415-555-0132',
    '415.555.0132',
    '020 7946 0958',
    '07700 900123',
    '030 12345678',
    '01 23 45 67 89',
    '+33612345678',
  ])('redacts %s', (phone) => {
    expect(redact(`call me on ${phone} today`)).toBe('call me on [phone] today');
  });

  it.each([
    ['an order id', 'Order 3348917502 is late'],
    ['an ISO date', 'delivered on 2026-11-12'],
    ['a European date', 'delivered on 12.11.2026'],
    ['a US date', 'delivered on 11/12/2026'],
    ['a price', 'it cost €1 299.00 and $94.50'],
    ['a time', 'at 10:30 tomorrow'],
    ['a UPS tracking number', 'tracking 1Z999AA10123456784'],
    ['a USPS tracking number', 'tracking 9400111899223856925471'],
    ['a quantity', 'I ordered 3 items for 2 people'],
  ])('keeps %s', (_, text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('IBANs', () => {
  it.each(['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'FR14 2004 1010 0505 0001 3M02 606'])('redacts valid IBAN %s', (iban) => {
    expect(redact(`pay to ${iban} please`)).toBe('pay to [iban] please');
  });

  it('keeps an IBAN-shaped string whose check digits are wrong', () => {
    expect(redact('ref GB00 WEST 1234 5698 7654 32')).toBe('ref GB00 WEST 1234 5698 7654 32');
  });

  it('stops at the end of the IBAN when capitals follow', () => {
    expect(redact('GB82 WEST 1234 5698 7654 32 ASAP')).toBe('[iban] ASAP');
  });

  it('validates mod-97', () => {
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB83WEST12345698765432')).toBe(false);
  });
});

describe('national ids', () => {
  it.each([
    ['US social security number', '123-45-6789'],
    ['UK National Insurance number', 'AB 12 34 56 C'],
    ['UK National Insurance number, compact', 'AB123456C'],
    ['Spanish DNI with its check letter', '12345678Z'],
    ['Italian codice fiscale', 'RSSMRA85T10A562S'],
  ])('redacts a %s', (_, id) => {
    expect(redact(`my id is ${id}.`)).toBe('my id is [national-id].');
  });

  it('keeps SSN-shaped numbers that cannot be SSNs and DNIs with a wrong letter', () => {
    expect(redact('codes 000-12-3456 and 12345678A')).toBe('codes 000-12-3456 and 12345678A');
  });
});

describe('known customer details', () => {
  it('removes the customer name, email and phone however they are written', () => {
    const { text, found } = redactForModel('Hi, this is ANNA. Anna Berg, +44 20 7946 0958 / 020-7946-0958, anna@x.io', {
      name: 'Anna Berg',
      email: 'anna@x.io',
      phone: '+44 20 7946 0958',
    });
    expect(text).not.toMatch(/anna|berg|7946/i);
    expect(found.name).toBeGreaterThanOrEqual(2);
  });

  it('counts what it found per kind', () => {
    const { found } = redactPersonalData('a@b.io, 4111111111111111, +44 20 7946 0958, 123-45-6789');
    expect(found).toEqual({ email: 1, card: 1, phone: 1, 'national-id': 1 });
  });
});

describe('properties', () => {
  const luhnComplete = (body: string) => {
    for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
    throw new Error('unreachable');
  };

  it('removes every Luhn-valid 16-digit card, however it is grouped, from any sentence', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^4\d{14}$/),
        fc.constantFrom('', ' ', '-'),
        fc.constantFrom('card ', 'Paid with ', 'no. '),
        (body, sep, prefix) => {
          const card = luhnComplete(body);
          const printed = card.match(/.{1,4}/g)?.join(sep) ?? card;
          const out = redact(`${prefix}${printed} yesterday`);
          expect(out).toBe(`${prefix}[card] yesterday`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves 10-digit order numbers and ISO dates untouched', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{9}$/), fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (orderId, date) => {
        const text = `Order ${orderId} placed ${date.toISOString().slice(0, 10)} for €${orderId.slice(0, 3)}.50`;
        expect(redact(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
