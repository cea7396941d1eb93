// A bounded LRU of minted tokens. Each entry is served only while it has more than `skewMs` left to live.
import "server-only";
import type { MintedToken } from "@/lib/tinybird/sign-tinybird-jwt";

export class TokenCache {
  private readonly entries = new Map<string, MintedToken>();
  private readonly inflight = new Map<string, Promise<MintedToken>>();

  constructor(
    private readonly maxEntries: number,
    private readonly skewMs = 30_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now = Date.now()): MintedToken | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt - this.skewMs <= now) return undefined;
    this.entries.set(key, entry); // re-insert: Map order is the recency order
    return entry;
  }

  set(key: string, token: MintedToken, now = Date.now()): void {
    if (this.maxEntries <= 0 || token.expiresAt - this.skewMs <= now) return;
    this.entries.delete(key);
    this.entries.set(key, token);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** The cached token, or one minted once for all concurrent callers with the same key. */
  async getOrMint(key: string, mint: () => Promise<MintedToken>): Promise<MintedToken> {
    const hit = this.get(key);
    if (hit) return hit;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const minting = mint()
      .then((token) => {
        this.set(key, token);
        return token;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, minting);
    return minting;
  }
}

/**
 * Tokens are per session, user, org, role and template: never shared across users or across an org switch. The user
 * is there too because session ids come from the auth provider: one reused across users must not share a token.
 */
export function tokenCacheKey(parts: {
  sessionId: string;
  userId: string;
  orgId: string;
  role: string;
  template: string;
}): string {
  return JSON.stringify([parts.sessionId, parts.userId, parts.orgId, parts.role, parts.template]);
}
