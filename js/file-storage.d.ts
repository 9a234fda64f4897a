// Types of js/file-storage.js: exported by the Node entry only (it uses node:fs).
import type { SealingOption, SessionCookieOption, SessionData, SessionStorage, SessionLifetimeOptions, UserSessionOptions, UserSessions } from './index.js';

/**
 * Sessions in files, one per session, written atomically (Node build only).
 */
export function createFileSessionStorage<Data = SessionData, FlashData = Data>(options: SessionLifetimeOptions & UserSessionOptions & SealingOption & {
  /** A cookie, or the options to make one (name defaults to "__session"): it carries the signed session ID. */
  cookie?: SessionCookieOption | null | undefined;
  /**
   * The directory the session files go in (made when missing). Storages over one directory (processes of one app)
   * share its sessions and users' indexes; give it to nothing else.
   */
  dir: string;
}): SessionStorage<Data, FlashData> & UserSessions<Data, FlashData>;
