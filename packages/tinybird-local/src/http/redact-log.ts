// What the server logs never carries a token: token-like query arguments go, however their name is spelled, and
// anything shaped like a JWT or a `p.` static token is masked wherever it appears in a line.

const REDACTED = "[redacted]";
// A JWT's header (and payload) are base64url JSON, so they start with `eyJ` (`{"`); `p.` tokens are Tinybird's.
const SECRET_SOURCE = String.raw`\bp\.[A-Za-z0-9_-]{16,}(?:\.[A-Za-z0-9_-]+)?|eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}`;
const SECRETS = new RegExp(SECRET_SOURCE, "g");
const HAS_SECRET = new RegExp(SECRET_SOURCE);
// Characters that render as nothing or as a space, which a look-alike name could hide in.
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]/g;

/** Percent-escapes decoded where they form valid UTF-8; anything else is kept as written. */
function decodeLeniently(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Text as a reader would see it: decoded (repeatedly, for double encodings), compatibility-folded, no invisibles. */
function readable(text: string): string {
  let decoded = text.replace(/\+/g, " ");
  for (let round = 0; round < 4; round++) {
    const next = decodeLeniently(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  return decoded.normalize("NFKC").replace(INVISIBLE, "");
}

/** A parameter name as a reader would see it, in lower case: `TOK%45N%00` is `token`. */
export function normalisedName(name: string): string {
  return readable(name).toLowerCase();
}

/** `line` with every JWT- or `p.`-token-shaped run replaced. */
export function redactSecrets(line: string): string {
  return line.replace(SECRETS, REDACTED);
}

/**
 * The path as it may be logged: arguments whose name reads as "token" in any spelling (`TOKEN`, `tok%65n`,
 * `token%00`, `%2574oken`) are dropped, values that decode to a token are masked, the rest is kept as sent.
 */
export function loggablePath(url: string): string {
  const mark = url.indexOf("?");
  const path = redactSecrets(mark < 0 ? url : url.slice(0, mark));
  if (mark < 0) return path;
  const kept = url
    .slice(mark + 1)
    .split("&")
    .filter((pair) => !normalisedName(pair.split("=", 1)[0]!).includes("token"))
    .map((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 0) return redactSecrets(pair);
      const value = pair.slice(equals + 1);
      return `${redactSecrets(pair.slice(0, equals))}=${HAS_SECRET.test(readable(value)) ? REDACTED : value}`;
    });
  return kept.length > 0 ? `${path}?${kept.join("&")}` : path;
}
