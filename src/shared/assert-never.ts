/** For exhaustive switches: a new case in a union fails to compile until every switch handles it. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
