/** Calling Python callables: argument binding with CPython's TypeError texts. */
import { isExceptionClassName, sqlTemplateException, typeError, unsupported } from "./py-exception";
import { pyStr } from "./py-format";
import {
  Placeholder,
  PyClass,
  PyExceptionObject,
  PyFunction,
  PyTuple,
  typeName,
  type CallArgs,
  type PyValue,
} from "./py-values";

export interface Signature {
  /** Name used in error messages (CPython's __qualname__, e.g. `transform_type.<locals>._f`). */
  qualname: string;
  params: readonly string[];
  /** Defaults for the trailing parameters. */
  defaults?: Readonly<Record<string, PyValue>>;
  varargs?: boolean;
  varkw?: boolean;
}

/** Arguments bound to a signature; `get` falls back to the parameter's default. */
export class Bound {
  constructor(
    private readonly sig: Signature,
    private readonly values: readonly (PyValue | undefined)[],
    readonly rest: PyValue[],
    readonly extra: Map<string, PyValue>,
  ) {}

  get(name: string): PyValue {
    const v = this.values[this.sig.params.indexOf(name)];
    return v !== undefined ? v : (this.sig.defaults?.[name] ?? null);
  }
}

const quoteList = (names: string[]) =>
  names.length === 1
    ? `'${names[0]}'`
    : names.length === 2
      ? `'${names[0]}' and '${names[1]}'`
      : names
          .slice(0, -1)
          .map((n) => `'${n}'`)
          .join(", ") + `, and '${names[names.length - 1]}'`;

const NO_REST: PyValue[] = [];
const NO_EXTRA = new Map<string, PyValue>();

const requiredCounts = new WeakMap<Signature, number>();

function requiredCount(sig: Signature): number {
  let n = requiredCounts.get(sig);
  if (n === undefined) requiredCounts.set(sig, (n = sig.params.filter((p) => !(p in (sig.defaults ?? {}))).length));
  return n;
}

/** Bind positional/keyword arguments like CPython, raising the same TypeError messages. */
export function bindArgs(sig: Signature, call: CallArgs): Bound {
  const { params, qualname } = sig;
  // Common case: positional arguments only, within the signature (Bound never mutates them).
  if (call.kwargs.size === 0 && call.args.length <= params.length && call.args.length >= requiredCount(sig))
    return new Bound(sig, call.args, NO_REST, NO_EXTRA);
  const defaults = sig.defaults ?? {};
  const values: (PyValue | undefined)[] = call.args.slice(0, params.length);
  const rest = sig.varargs && call.args.length > params.length ? call.args.slice(params.length) : NO_REST;
  let extra = NO_EXTRA;
  for (const [k, v] of call.kwargs) {
    const i = params.indexOf(k);
    if (i === -1) {
      if (!sig.varkw) throw typeError(`${qualname}() got an unexpected keyword argument '${k}'`);
      if (extra === NO_EXTRA) extra = new Map();
      extra.set(k, v);
    } else if (values[i] !== undefined) throw typeError(`${qualname}() got multiple values for argument '${k}'`);
    else values[i] = v;
  }
  if (!sig.varargs && call.args.length > params.length) {
    const required = params.filter((p) => !(p in defaults)).length;
    const n = call.args.length;
    const takes =
      required === params.length
        ? `${params.length} positional argument${params.length === 1 ? "" : "s"}`
        : `from ${required} to ${params.length} positional arguments`;
    throw typeError(`${qualname}() takes ${takes} but ${n} ${n === 1 ? "was" : "were"} given`);
  }
  for (let i = 0; i < params.length; i++) {
    if (values[i] !== undefined || (params[i] as string) in defaults) continue;
    const missing = params.filter((p, j) => values[j] === undefined && !(p in defaults));
    throw typeError(
      `${qualname}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${quoteList(missing)}`,
    );
  }
  return new Bound(sig, values, rest, extra);
}

/** Define a Python-level function with a fixed signature. */
export function pyFunction(
  sig: Signature,
  impl: (a: Bound) => PyValue,
  name = sig.qualname.split(".").pop() ?? sig.qualname,
): PyFunction {
  return new PyFunction(name, (call) => impl(bindArgs(sig, call)));
}

export function callValue(f: PyValue, call: CallArgs): PyValue {
  if (f instanceof PyFunction) return f.impl(call);
  if (f instanceof PyClass) {
    if (f.construct) return f.construct(call);
    if (isExceptionClassName(f.name)) {
      const message =
        call.args.length === 1
          ? pyStr(call.args[0] ?? null)
          : call.args.length === 0
            ? ""
            : pyStr(new PyTuple(call.args));
      return new PyExceptionObject(f.name, message);
    }
    throw unsupported(`${f.name}()`);
  }
  if (f instanceof Placeholder)
    throw sqlTemplateException(`'${f.name}' is not a valid function, line ${f.line}`, "/cli/advanced-templates.html");
  throw typeError(`'${typeName(f)}' object is not callable`);
}
