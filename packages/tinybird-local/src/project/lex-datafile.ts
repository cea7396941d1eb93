import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DatafileError } from "./datafile-error";
import { substituteEnv } from "./substitute-env";

/** One instruction of a datafile: `NAME args…` on one line, or `NAME >` followed by an indented block. */
export interface DatafileCommand {
  /** Lower-case command word, e.g. `engine_sorting_key`. */
  name: string;
  args: string[];
  /** Raw text of a `NAME >` block, lines joined with `\n`. */
  block?: string;
  file: string;
  line: number;
}

export interface LexOptions {
  /** Path used in error messages and to resolve INCLUDE files. */
  file: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether a word starts a new instruction; it decides where `NAME >` blocks end. */
  isCommand: (name: string) => boolean;
}

interface SourceLine {
  text: string;
  file: string;
  line: number;
}

/**
 * Splits a line as Python's non-POSIX `shlex` with `whitespace_split` does (the tokenizer Tinybird's CLI uses):
 * whitespace separates words, quotes are kept in the word, `#` outside quotes starts a comment.
 * Returns undefined when a quote is left open.
 */
export function shlexSplit(line: string): string[] | undefined {
  const words: string[] = [];
  let word = "";
  let state: " " | "a" | "'" | '"' = " ";
  for (const char of line) {
    if (state === "'" || state === '"') {
      word += char;
      if (char === state) state = "a";
      continue;
    }
    const isSpace = char === " " || char === "\t" || char === "\n" || char === "\r";
    if (state === " ") {
      if (isSpace) continue;
      if (char === "#") break;
      word = char;
      state = char === "'" || char === '"' ? char : "a";
      continue;
    }
    if (isSpace) {
      words.push(word);
      word = "";
      state = " ";
    } else if (char === "#") {
      break;
    } else {
      word += char;
    }
  }
  if (state === "'" || state === '"') return undefined;
  if (state === "a") words.push(word);
  return words;
}

/** Strips one pair of surrounding quotes, like the CLI's `_unquote`. */
export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && (value.at(-1) === '"' || value.at(-1) === "'")) {
    return value.slice(1, -1);
  }
  return value;
}

function splitLines(text: string, file: string): SourceLine[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((line, index) => ({ text: `${line}\n`, file, line: index + 1 }));
}

/**
 * Turns a datafile into its instructions, following the Tinybird CLI's line-oriented rules: a `NAME >` block
 * swallows lines until an unindented line whose first word is a known instruction; blank and comment-only lines
 * inside a block are dropped; `INCLUDE "file" k=v` splices another file in place.
 */
export function lexDatafile(
  text: string,
  options: LexOptions,
): { commands: DatafileCommand[]; errors: DatafileError[] } {
  const lines = splitLines(text, options.file);
  const commands: DatafileCommand[] = [];
  const errors: DatafileError[] = [];
  let block: { command: DatafileCommand; lines: string[] } | undefined;

  const closeBlock = () => {
    if (!block) return;
    block.command.block = block.lines.join("");
    commands.push(block.command);
    block = undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    const source = lines[index]!;
    const words = shlexSplit(source.text) ?? [source.text.trim()];
    if (words.length === 0) continue;
    const name = words[0]!.toLowerCase();
    const startsIndented = source.text.startsWith(" ") || source.text.startsWith("\t");
    if (block && options.isCommand(name) && !startsIndented) closeBlock();
    if (block) {
      block.lines.push(source.text);
      continue;
    }
    const args = words.slice(1);
    if (args[0] === ">") {
      block = { command: { name, args: args.slice(1), file: source.file, line: source.line }, lines: [] };
      continue;
    }
    if (name === "settings") {
      errors.push(
        new DatafileError(source.file, source.line, "SETTINGS option is not allowed, use ENGINE_SETTINGS instead"),
      );
      continue;
    }
    if (name === "include") {
      const included = readInclude(args, source, options, errors);
      if (included) lines.splice(index + 1, 0, ...included);
      continue;
    }
    if (!options.isCommand(name)) {
      errors.push(new DatafileError(source.file, source.line, `${words[0]!.toUpperCase()} is not a valid option`));
      continue;
    }
    commands.push({ name, args, file: source.file, line: source.line });
  }
  closeBlock();
  return { commands, errors };
}

function readInclude(
  args: string[],
  source: SourceLine,
  options: LexOptions,
  errors: DatafileError[],
): SourceLine[] | undefined {
  if (args.length === 0) {
    errors.push(new DatafileError(source.file, source.line, 'INCLUDE needs a file name, e.g. INCLUDE "shared.incl"'));
    return undefined;
  }
  const path = resolve(dirname(source.file), substituteEnv(unquote(args[0]!), options.env));
  const attributes: Record<string, string> = {};
  for (const arg of args.slice(1)) {
    const [key, ...rest] = unquote(arg).split("=");
    if (key && rest.length > 0) attributes[key] = rest.join("=");
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    errors.push(new DatafileError(source.file, source.line, `INCLUDE file not found: ${path}`));
    return undefined;
  }
  return splitLines(substituteEnv(text, attributes), path);
}

/** SQL block text as the CLI stores it: templates (`%` first) are only trimmed, plain SQL is dedented. */
export function normalizeSqlBlock(block: string): string {
  const trimmed = block.trim();
  if (trimmed.startsWith("%")) return trimmed;
  return dedent(block).trimEnd();
}

/** Python's `textwrap.dedent`: removes the longest common leading whitespace of the non-blank lines. */
export function dedent(text: string): string {
  const lines = text.split("\n");
  let margin: string | undefined;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (margin === undefined) {
      margin = indent;
    } else {
      let common = 0;
      while (common < margin.length && common < indent.length && margin[common] === indent[common]) common++;
      margin = margin.slice(0, common);
    }
  }
  const cut = margin?.length ?? 0;
  return lines.map((line) => (line.trim() === "" ? "" : line.slice(cut))).join("\n");
}
