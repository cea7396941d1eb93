import { describe, expect, it } from "vitest";
import { TokenCache, tokenCacheKey } from "@/lib/tinybird/server/token-cache";

const token = (name: string, expiresAt: number) => ({ token: name, expiresAt });

describe("TokenCache", () => {
  it("serves a token until 30 s before it expires", () => {
    const cache = new TokenCache(10);
    cache.set("k", token("t", 100_000), 0);
    expect(cache.get("k", 69_999)?.token).toBe("t");
    expect(cache.get("k", 70_000)).toBeUndefined();
  });

  it("does not store a token already inside the skew, or anything when size is 0", () => {
    const cache = new TokenCache(10);
    cache.set("k", token("t", 20_000), 0);
    expect(cache.get("k", 0)).toBeUndefined();
    const disabled = new TokenCache(0);
    disabled.set("k", token("t", 100_000), 0);
    expect(disabled.get("k", 0)).toBeUndefined();
  });

  it("evicts the least recently used entry beyond its bound", () => {
    const cache = new TokenCache(2);
    cache.set("a", token("a", 1e12), 0);
    cache.set("b", token("b", 1e12), 0);
    cache.get("a", 0); // a is now the most recent
    cache.set("c", token("c", 1e12), 0);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 0)).toBeUndefined();
    expect(cache.get("a", 0)?.token).toBe("a");
    expect(cache.get("c", 0)?.token).toBe("c");
  });

  it("mints once for concurrent callers and reuses the result", async () => {
    const cache = new TokenCache(10);
    let mints = 0;
    const mint = async () => {
      mints += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return token(`t${mints}`, Date.now() + 300_000);
    };
    const [first, second] = await Promise.all([cache.getOrMint("k", mint), cache.getOrMint("k", mint)]);
    expect(first.token).toBe("t1");
    expect(second.token).toBe("t1");
    expect((await cache.getOrMint("k", mint)).token).toBe("t1");
    expect(mints).toBe(1);
  });

  it("does not cache a failed mint", async () => {
    const cache = new TokenCache(10);
    await expect(cache.getOrMint("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect((await cache.getOrMint("k", async () => token("ok", Date.now() + 300_000))).token).toBe("ok");
  });
});

describe("tokenCacheKey", () => {
  it("differs by session, user, org, role and template", () => {
    const base = { sessionId: "s", userId: "u", orgId: "o", role: "org:member", template: "tinybird" };
    const keys = new Set([
      tokenCacheKey(base),
      tokenCacheKey({ ...base, sessionId: "s2" }),
      tokenCacheKey({ ...base, userId: "u2" }),
      tokenCacheKey({ ...base, orgId: "o2" }),
      tokenCacheKey({ ...base, role: "org:admin" }),
      tokenCacheKey({ ...base, template: "tinybird_admin" }),
    ]);
    expect(keys.size).toBe(6);
    expect(tokenCacheKey({ sessionId: "a\u0000b", userId: "u", orgId: "c", role: "r", template: "t" })).not.toBe(
      tokenCacheKey({ sessionId: "a", userId: "u", orgId: "b\u0000c", role: "r", template: "t" }),
    );
  });
});
