// Python string.Template.safe_substitute semantics: `$$` is a literal `$`, unknown names stay as written.
const PLACEHOLDER = /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})/gi;

export function substituteEnv(text: string, env: Readonly<Record<string, string | undefined>>): string {
  if (!text.includes("$")) return text;
  return text.replace(PLACEHOLDER, (match, dollar: string | undefined, bare?: string, braced?: string) => {
    if (dollar) return "$";
    const value = env[(bare ?? braced)!];
    return value === undefined ? match : value;
  });
}

/** Locally, workspace secrets (`tb_secret('NAME')`) are the server's environment variables. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
