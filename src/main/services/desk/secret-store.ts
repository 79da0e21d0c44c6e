// Where the desk keeps its secrets (the hub token, the LLM key). Electron implements this with safeStorage
// (src/main/host); the browser host keeps them in a file only the user can read, and says so.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type SecretName = 'agentToken' | 'openaiApiKey';

export interface SecretStore {
  get(name: SecretName): string | undefined;
  /** An empty string or undefined removes the secret. */
  set(name: SecretName, value: string | undefined): void;
  /** Set when secrets are stored without OS encryption; shown in Settings. */
  readonly weakWarning?: string;
}

/** A JSON file of stored secret values, mode 0600; a missing or unreadable file reads as empty. */
export function jsonSecretFile(file: string): {
  read(): Partial<Record<SecretName, string>>;
  write(all: Partial<Record<SecretName, string>>): void;
} {
  return {
    read() {
      if (!existsSync(file)) return {};
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretName, string>>;
      } catch {
        return {};
      }
    },
    write(all) {
      writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
      // The mode above only applies when the file is created.
      chmodSync(file, 0o600);
    },
  };
}

/** Secrets in `${dataDir}/secrets.json`, mode 0600: protected from other users, not from this one. */
export function createFileSecretStore(dataDir: string): SecretStore {
  const file = join(dataDir, 'secrets.json');
  const store = jsonSecretFile(file);
  return {
    get: (name) => store.read()[name] || undefined,
    set(name, value) {
      const all = store.read();
      if (value) all[name] = value;
      else delete all[name];
      store.write(all);
    },
    weakWarning: `Secrets are stored unencrypted in ${file} (readable only by your user account). Use the desktop app for OS-encrypted storage.`,
  };
}

/** Secrets held in memory only, for tests and throwaway sessions. */
export function createMemorySecretStore(initial: Partial<Record<SecretName, string>> = {}): SecretStore {
  const all = { ...initial };
  return {
    get: (name) => all[name] || undefined,
    set(name, value) {
      if (value) all[name] = value;
      else delete all[name];
    },
  };
}
