// The hub as a child process (`npm run hub`'s entry, src/hub/cli.ts) for tests that kill it with SIGKILL and
// restart it on the same data dir, plus the socket helpers such tests share: a seeded PRNG, agents added through
// the CLI, agent sockets that record their events, and emits that resolve when the socket drops.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { AgentEvent } from '../../src/shared/protocol/agent-socket';
import type { Result } from '../../src/shared/result';

export const repoRoot = resolve(import.meta.dirname, '../..');
export { rng } from './rng';
export const hubCliArgs = ['--import', 'tsx', join(repoRoot, 'src/hub/cli.ts')];

export interface HubProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** Runs a hub CLI command (e.g. `agents add ...`) to the end; resolves with its stdout, rejects on a non-zero exit. */
export function runHubCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [...hubCliArgs, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? res(out) : rej(new Error(`hub ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/** `agents add` through the CLI; resolves with the printed token. */
export async function addAgent(env: NodeJS.ProcessEnv, id: string, name: string, extra: string[] = ['--skills', 'billing', '--capacity', '1']): Promise<string> {
  const out = await runHubCli(['agents', 'add', '--name', name, '--id', id, ...extra], env);
  return out.trim().split('\n').at(-1) ?? '';
}

/** A loopback port that was free a moment ago, so a restarted hub can listen where its clients expect it. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

/**
 * Starts the hub with `env` and resolves once it prints its address. `onChild` hears the process at once, so a
 * test can kill it after a failure and no process outlives the test.
 */
export function startHubProcess(env: NodeJS.ProcessEnv, onChild?: (child: ChildProcess) => void): Promise<HubProcess> {
  const child = spawn(process.execPath, hubCliArgs, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  onChild?.(child);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => rej(new Error(`hub did not start: ${out}${err}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        res({ child, url: m[1], exited });
      }
    });
    void exited.then(() => rej(new Error(`hub exited before listening: ${out}${err}`)));
  });
}

/** Kills a hub left running (the test failed midway); a no-op for one that has exited. */
export function killIfRunning(child: ChildProcess | undefined): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export function connectAgent(url: string, token: string, lastSeq = 0): { socket: Socket; events: AgentEvent[]; ready: Promise<void> } {
  const socket = io(`${url}/agent`, { auth: { token, lastSeq }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: AgentEvent[] = [];
  socket.on('event', (e: AgentEvent) => events.push(e));
  const ready = new Promise<void>((res, rej) => {
    socket.once('hello', () => res());
    socket.once('connect_error', rej);
  });
  return { socket, events, ready };
}

/** Resolves with the ack, or undefined if the socket drops (the hub was killed) before it comes back. */
export function emitUntilDisconnect<T>(socket: Socket, event: string, payload: unknown): Promise<Result<T> | undefined> {
  return new Promise((res) => {
    if (!socket.connected) return res(undefined);
    const onDrop = () => res(undefined);
    socket.once('disconnect', onDrop);
    socket.emit(event, payload, (r: Result<T>) => {
      socket.off('disconnect', onDrop);
      res(r);
    });
  });
}
