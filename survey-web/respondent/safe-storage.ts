/** The subset of `Storage` the page uses; tests pass a Map-backed one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/**
 * localStorage when it works, else memory. Private browsing, a full quota or
 * a webview with storage switched off throw on access; the survey must still
 * run, it just cannot resume later (`persistent` tells the page to say so).
 */
export function browserStore(): { store: KeyValueStore; persistent: boolean } {
  try {
    const storage = window.localStorage;
    const probe = "junheng:probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    const fallback = memoryStore();
    return {
      persistent: true,
      store: {
        getItem: (key) => storage.getItem(key) ?? fallback.getItem(key),
        setItem: (key, value) => {
          try {
            storage.setItem(key, value);
          } catch {
            fallback.setItem(key, value); // quota exceeded: keep it for this visit at least
          }
        },
        removeItem: (key) => {
          storage.removeItem(key);
          fallback.removeItem(key);
        },
      },
    };
  } catch {
    return { store: memoryStore(), persistent: false };
  }
}

/** Parses a stored JSON value, treating anything unreadable as absent. */
export function readJson(store: KeyValueStore, key: string): unknown {
  const raw = store.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
