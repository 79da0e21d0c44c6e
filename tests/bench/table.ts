// The bench table's shared parts: each section of `npm run bench` records rows through `row()`.
export interface Row {
  what: string;
  value: string;
  target: string;
  met: boolean;
}
export type RowFn = (what: string, value: string, target: string, met: boolean) => void;
export const rows: Row[] = [];
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const row: RowFn = (what, value, target, met) => {
  rows.push({ what, value, target, met });
  process.stderr.write(`  ${met ? 'ok  ' : 'MISS'} ${what}: ${value}\n`);
};
export function printTable(): void {
  const w = Math.max(...rows.map((r) => r.what.length));
  const v = Math.max(...rows.map((r) => r.value.length));
  const t = Math.max(14, ...rows.map((r) => r.target.length));
  console.log(`\n${'measure'.padEnd(w)}  ${'value'.padEnd(v)}  ${'target'.padEnd(t)}  met`);
  console.log(`${'-'.repeat(w)}  ${'-'.repeat(v)}  ${'-'.repeat(t)}  ---`);
  for (const r of rows) console.log(`${r.what.padEnd(w)}  ${r.value.padEnd(v)}  ${r.target.padEnd(t)}  ${r.met ? 'yes' : 'NO'}`);
}
