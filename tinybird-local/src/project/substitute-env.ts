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
