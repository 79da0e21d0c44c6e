// The renderer builds the DeskApi from names.ts (no zod); the hosts validate with contract.ts. Both must list the
// same requests and events, in any order, or a renderer call would be missing.
import { describe, expect, it } from 'vitest';
import { deskApiEvents, deskApiMethods } from '../../../src/shared/desk-api/contract';
import { deskApiEventNames, deskApiMethodNames } from '../../../src/shared/desk-api/names';

describe('DeskApi names', () => {
  it('lists exactly the contract methods and events', () => {
    expect([...deskApiMethodNames].sort()).toEqual(Object.keys(deskApiMethods).sort());
    expect([...deskApiEventNames].sort()).toEqual([...deskApiEvents].sort());
  });
});
