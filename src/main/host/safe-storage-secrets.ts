// Secrets (hub token, LLM key) encrypted with Electron's safeStorage, kept in <dataDir>/secrets.enc.json. On Linux
// without a keyring safeStorage falls back to a hard-coded key ('basic_text'): still stored, but the desk says so.
import { join } from 'node:path';
import { jsonSecretFile, type SecretStore } from '../services/desk/secret-store';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?: () => string;
}

export function weakBackendWarning(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) return 'The system offers no secret storage: the hub token and API key are kept unencrypted in the desk data folder.';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return 'No system keyring was found (GNOME Keyring or KWallet): secrets are only obfuscated. Install and unlock a keyring, then restart Baton Desk.';
  }
  return undefined;
}

export function createSafeStorageSecretStore(safeStorage: SafeStorageLike, dataDir: string, platform: NodeJS.Platform = process.platform): SecretStore {
  const file = jsonSecretFile(join(dataDir, 'secrets.enc.json'));
  const encrypted = safeStorage.isEncryptionAvailable();
  const warning = weakBackendWarning(safeStorage, platform);
  return {
    get(name) {
      const stored = file.read()[name];
      if (!stored) return undefined;
      try {
        return encrypted ? safeStorage.decryptString(Buffer.from(stored, 'base64')) : stored;
      } catch {
        return undefined; // written under another OS account or keyring: ask for it again
      }
    },
    set(name, value) {
      const all = file.read();
      if (value) all[name] = encrypted ? safeStorage.encryptString(value).toString('base64') : value;
      else delete all[name];
      file.write(all);
    },
    ...(warning ? { weakWarning: warning } : {}),
  };
}
