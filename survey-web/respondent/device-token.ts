import type { KeyValueStore } from "./safe-storage.ts";
import { uuidV4 } from "./uuid.ts";

const key = "junheng:device";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A random id for this browser, kept across campaigns. It identifies no
 * person; staff use it to see several answer sheets sent from one phone.
 */
export function deviceToken(store: KeyValueStore, newId: () => string = uuidV4): string {
  const stored = store.getItem(key);
  if (stored && uuidPattern.test(stored)) return stored;
  const id = newId();
  store.setItem(key, id);
  return id;
}
