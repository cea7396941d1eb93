import { DatafileError } from "./datafile-error";
import { unquote, type DatafileCommand } from "./lex-datafile";
import type { TokenGrant } from "./project-types";
import { substituteEnv } from "./substitute-env";

/** Instructions whose value may be a `NAME >` block. */
const BLOCK_COMMANDS = new Set(["description", "schema", "indexes", "sql", "forward_query", "shared_with"]);

/** The single-line value of an instruction, unquoted and with `$VAR`s substituted, as the CLI's `assign_var`. */
export function scalarValue(command: DatafileCommand, env: Readonly<Record<string, string | undefined>>): string {
  if (command.block !== undefined && !BLOCK_COMMANDS.has(command.name)) {
    throw new DatafileError(
      command.file,
      command.line,
      `${command.name.toUpperCase()} does not support multiline arguments`,
    );
  }
  const raw = command.block ?? command.args.join(" ");
  return substituteEnv(unquote(raw.trim()), env);
}

/** A `TOKEN "name" PERMISSION` instruction. */
export function tokenGrant(command: DatafileCommand, allowed: ReadonlyArray<TokenGrant["permission"]>): TokenGrant {
  if (command.args.length !== 2) {
    throw new DatafileError(
      command.file,
      command.line,
      'TOKEN takes two params: token name and permission e.g TOKEN "read api token" READ',
    );
  }
  const permission = command.args[1]!.toUpperCase();
  if (!(allowed as readonly string[]).includes(permission)) {
    throw new DatafileError(
      command.file,
      command.line,
      `Invalid permission ${command.args[1]} for token ${unquote(command.args[0]!)}. Only ${allowed.length === 1 ? `${allowed[0]} is` : `${allowed.slice(0, -1).join(", ")} and ${allowed.at(-1)} are`} allowed here`,
    );
  }
  return { name: unquote(command.args[0]!), permission: permission as TokenGrant["permission"] };
}

/** `TAGS "a,b"`: the filtering tags (key=value operational tags are dropped). */
export function tagList(value: string): string[] {
  return value
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag && !tag.includes("="));
}

/** Resource names Tinybird accepts: letters, digits and underscores, not starting with a digit. */
export const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Classic `VERSION n` instruction: Classic names the resource `<name>__v<n>`. */
export function versionNumber(command: DatafileCommand, env: Readonly<Record<string, string | undefined>>): number {
  const value = scalarValue(command, env);
  if (!/^\d+$/.test(value)) {
    throw new DatafileError(command.file, command.line, `VERSION must be a whole number, not '${value}'`);
  }
  return Number(value);
}
