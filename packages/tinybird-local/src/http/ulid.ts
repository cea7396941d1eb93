import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
let pool = Buffer.alloc(0);
let offset = 0;

/** A ULID (time-ordered id), as Tinybird uses for X-Request-ID. */
export function ulid(now = Date.now()): string {
  let time = "";
  let value = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[value % 32]! + time;
    value = Math.floor(value / 32);
  }
  if (offset + 16 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[pool[offset++]! % 32];
  return time + random;
}
