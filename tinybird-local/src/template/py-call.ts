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

export interface Bound {
  get(name: string): PyValue;
  rest: PyValue[];
  extra: Map<string, PyValue>;
}

const quoteList = (names: string[]) =>
  names.length === 1
    ? `'${names[0]}'`
    : names.length === 2
      ? `'${names[0]}' and '${names[1]}'`
      : names.slice(0, -1).map((n) => `'${n}'`).join(", ") + `, and '${names[names.length - 1]}'`;

/** Bind positional/keyword arguments like CPython, raising the same TypeError messages. */
export function bindArgs(sig: Signature, call: CallArgs): Bound {
  const values = new Map<string, PyValue>();
  const { params, qualname } = sig;
  const defaults = sig.defaults ?? {};
  call.args.slice(0, params.length).forEach((v, i) => values.set(params[i] ?? "", v));
  const rest = sig.varargs ? call.args.slice(params.length) : [];
  const extra = new Map<string, PyValue>();
  for (const [k, v] of call.kwargs) {
    if (!params.includes(k)) {
      if (!sig.varkw) throw typeError(`${qualname}() got an unexpected keyword argument '${k}'`);
      extra.set(k, v);
    } else if (values.has(k)) throw typeError(`${qualname}() got multiple values for argument '${k}'`);
    else values.set(k, v);
  }
  if (!sig.varargs && call.args.length > params.length) {
    const required = params.filter((p) => !(p in defaults)).length;
    const n = call.args.length;
    const takes = required === params.length ? `${params.length} positional argument${params.length === 1 ? "" : "s"}` : `from ${required} to ${params.length} positional arguments`;
    throw typeError(`${qualname}() takes ${takes} but ${n} ${n === 1 ? "was" : "were"} given`);
  }
  const missing = params.filter((p) => !values.has(p) && !(p in defaults));
  if (missing.length)
    throw typeError(`${qualname}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${quoteList(missing)}`);
  return {
    get: (name) => (values.has(name) ? (values.get(name) ?? null) : (defaults[name] ?? null)),
    rest,
    extra,
  };
}

/** Define a Python-level function with a fixed signature. */
export function pyFunction(sig: Signature, impl: (a: Bound) => PyValue, name = sig.qualname.split(".").pop() ?? sig.qualname): PyFunction {
  return new PyFunction(name, (call) => impl(bindArgs(sig, call)));
}

export function callValue(f: PyValue, call: CallArgs): PyValue {
  if (f instanceof PyFunction) return f.impl(call);
  if (f instanceof PyClass) {
    if (f.construct) return f.construct(call);
    if (isExceptionClassName(f.name)) {
      const message = call.args.length === 1 ? pyStr(call.args[0] ?? null) : call.args.length === 0 ? "" : pyStr(new PyTuple(call.args));
      return new PyExceptionObject(f.name, message);
    }
    throw unsupported(`${f.name}()`);
  }
  if (f instanceof Placeholder)
    throw sqlTemplateException(`'${f.name}' is not a valid function, line ${f.line}`, "/cli/advanced-templates.html");
  throw typeError(`'${typeName(f)}' object is not callable`);
}
