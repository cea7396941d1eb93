/** Evaluates the Python AST with CPython's scoping (function locals, closures for comprehensions/lambdas). */
import type { BinOpName, CmpOpName, Comprehension, Expr, Stmt } from "./py-ast";
import { callValue } from "./py-call";
import { PyException, typeError, unsupported, valueError } from "./py-exception";
import { pyRepr, pyStr } from "./py-format";
import { getAttribute } from "./py-methods";
import {
  pyBinary,
  pyCompare,
  pyContains,
  pyEq,
  pyIter,
  pyList,
  pySlice,
  pySubscript,
  pyUnary,
  truthy,
  type BinaryOp,
} from "./py-ops";
import {
  PyDict,
  PyFunction,
  PyOpaque,
  PySet,
  PyTuple,
  TypedFloat,
  intOf,
  numOf,
  strOf,
  typeName,
  type PyValue,
} from "./py-values";

/** Global namespace + builtins; `undefined` means the name does not exist (NameError). */
export interface Globals {
  lookup(name: string): PyValue | undefined;
}

export class Scope {
  readonly locals = new Map<string, PyValue>();

  constructor(
    readonly localNames: ReadonlySet<string>,
    readonly globals: Globals,
    readonly parent?: Scope,
  ) {}

  load(name: string): PyValue {
    if (this.localNames.has(name)) {
      const v = this.locals.get(name);
      if (v !== undefined) return v;
      throw new PyException(
        "UnboundLocalError",
        `cannot access local variable '${name}' where it is not associated with a value`,
      );
    }
    return this.parent ? this.parent.loadFree(name) : this.loadGlobal(name);
  }

  private loadFree(name: string): PyValue {
    if (this.localNames.has(name)) {
      const v = this.locals.get(name);
      if (v !== undefined) return v;
      throw new PyException(
        "NameError",
        `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`,
      );
    }
    return this.parent ? this.parent.loadFree(name) : this.loadGlobal(name);
  }

  private loadGlobal(name: string): PyValue {
    const v = this.globals.lookup(name);
    if (v === undefined) throw new PyException("NameError", `name '${name}' is not defined`);
    return v;
  }

  store(name: string, value: PyValue): void {
    this.locals.set(name, value);
  }

  delete(name: string): void {
    if (!this.locals.delete(name)) this.load(name);
  }
}

const BIN_OPS: Record<BinOpName, BinaryOp> = {
  Add: "+",
  Sub: "-",
  Mult: "*",
  MatMult: "@",
  Div: "/",
  Mod: "%",
  Pow: "**",
  LShift: "<<",
  RShift: ">>",
  BitOr: "|",
  BitXor: "^",
  BitAnd: "&",
  FloorDiv: "//",
};

function compare(op: CmpOpName, a: PyValue, b: PyValue): boolean {
  switch (op) {
    case "Eq":
      return pyEq(a, b);
    case "NotEq":
      return !pyEq(a, b);
    case "Lt":
      return pyCompare("<", a, b);
    case "LtE":
      return pyCompare("<=", a, b);
    case "Gt":
      return pyCompare(">", a, b);
    case "GtE":
      return pyCompare(">=", a, b);
    case "In":
      return pyContains(b, a);
    case "NotIn":
      return !pyContains(b, a);
    case "Is":
      return pyIs(a, b);
    case "IsNot":
      return !pyIs(a, b);
  }
}

function pyIs(a: PyValue, b: PyValue): boolean {
  if (typeof a === "object" && a !== null) return a === b;
  return a === b;
}

/** Names a comprehension or lambda binds locally (its loop targets / parameters). */
function targetNames(t: Expr, out: Set<string> = new Set()): Set<string> {
  if (t.type === "Name") out.add(t.id);
  else if (t.type === "Tuple" || t.type === "List") t.elts.forEach((e) => targetNames(e, out));
  else if (t.type === "Starred") targetNames(t.value, out);
  return out;
}

/** format(value, spec) for the format-spec mini language's common forms. */
function formatValue(v: PyValue, spec: string): string {
  if (spec === "") return pyStr(v);
  const m = /^(?:([\s\S])?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) throw valueError(`Invalid format specifier '${spec}' for object of type '${typeName(v)}'`);
  const [, fillRaw, alignRaw, sign = "-", , zero, widthText, grouping, precText, type] = m;
  const precision = precText === undefined ? undefined : Number(precText);
  const s = strOf(v);
  const n = numOf(v);
  let body: string;
  let numeric = false;
  if (s !== undefined && (type === undefined || type === "s"))
    body = precision === undefined ? s : [...s].slice(0, precision).join("");
  else if (n !== undefined && type !== "s") {
    numeric = true;
    const isInt = typeof n === "bigint" && !(v instanceof TypedFloat);
    const x = Number(n);
    const t = type ?? (isInt ? "d" : precision === undefined ? "" : "g");
    const abs = Math.abs(x);
    switch (t) {
      case "d":
      case "n":
        if (!isInt) throw valueError(`Unknown format code 'd' for object of type '${typeName(v)}'`);
        body = (typeof n === "bigint" && n < 0n ? -n : n).toString();
        break;
      case "x":
      case "X":
      case "o":
      case "b": {
        const i = intOf(v);
        if (i === undefined) throw valueError(`Unknown format code '${t}' for object of type '${typeName(v)}'`);
        body = (i < 0n ? -i : i).toString(t === "o" ? 8 : t === "b" ? 2 : 16);
        if (t === "X") body = body.toUpperCase();
        break;
      }
      case "f":
      case "F":
        body = abs.toFixed(precision ?? 6);
        break;
      case "e":
      case "E":
        body = abs.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, "e$10$2");
        if (t === "E") body = body.toUpperCase();
        break;
      case "%":
        body = (abs * 100).toFixed(precision ?? 6) + "%";
        break;
      case "g":
      case "G":
      case "":
        body =
          precision === undefined && t === ""
            ? pyStr(Math.abs(x))
            : String(Number(abs.toPrecision(Math.max(precision ?? 6, 1))));
        break;
      default:
        throw unsupported(`The '${t}' format code`);
    }
    if (grouping) {
      const [int = "", frac] = body.split(".");
      body = int.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (frac === undefined ? "" : "." + frac);
    }
    const negative = typeof n === "bigint" ? n < 0n : x < 0 || Object.is(x, -0);
    body = (negative ? "-" : sign === "+" ? "+" : sign === " " ? " " : "") + body;
  } else throw valueError(`Unknown format code '${type ?? "s"}' for object of type '${typeName(v)}'`);
  const width = widthText === undefined ? 0 : Number(widthText);
  const fill = fillRaw ?? (zero && numeric ? "0" : " ");
  const align = alignRaw ?? (zero && numeric ? "=" : numeric ? ">" : "<");
  const len = [...body].length;
  if (len >= width) return body;
  const pad = fill.repeat(width - len);
  if (align === "<") return body + pad;
  if (align === ">") return pad + body;
  if (align === "^") {
    const left = fill.repeat(Math.floor((width - len) / 2));
    return left + body + fill.repeat(width - len - left.length);
  }
  const signChar = /^[+\- ]/.test(body) ? (body[0] ?? "") : "";
  return signChar + pad + body.slice(signChar.length);
}

export class LoopBudgetExceeded extends Error {}

// Callees only read keyword arguments, so calls without any share one empty map.
const NO_KWARGS: ReadonlyMap<string, PyValue> = new Map();

/** Caps loop iterations per render so a runaway `{% while %}` cannot hang the server. */
export class Interpreter {
  constructor(private budget: number) {}

  tick(): void {
    if (--this.budget < 0) throw new LoopBudgetExceeded("Template execution exceeded the local loop iteration limit");
  }

  eval(e: Expr, scope: Scope): PyValue {
    switch (e.type) {
      case "Constant": {
        const v = e.value;
        if (v !== null && typeof v === "object" && !Array.isArray(v)) {
          if ("bytes" in v) throw unsupported("Bytes literals");
          if ("ellipsis" in v) return new PyOpaque("ellipsis", "Ellipsis");
        }
        return v as PyValue;
      }
      case "Name":
        return scope.load(e.id);
      case "Attribute":
        return getAttribute(this.eval(e.value, scope), e.attr);
      case "Subscript": {
        const obj = this.eval(e.value, scope);
        const s = e.slice;
        if (s.type === "Slice") {
          const part = (x?: Expr) => (x ? this.eval(x, scope) : null);
          return pySlice(obj, part(s.lower), part(s.upper), part(s.step));
        }
        return pySubscript(obj, this.eval(s, scope));
      }
      case "Call": {
        const f = this.eval(e.func, scope);
        const args: PyValue[] = [];
        for (const a of e.args) {
          if (a.type === "Starred") args.push(...pyIter(this.eval(a.value, scope)));
          else args.push(this.eval(a, scope));
        }
        if (e.keywords.length === 0) return callValue(f, { args, kwargs: NO_KWARGS });
        const kwargs = new Map<string, PyValue>();
        for (const k of e.keywords) {
          const value = this.eval(k.value, scope);
          if (k.arg !== null) {
            kwargs.set(k.arg, value);
            continue;
          }
          if (!(value instanceof PyDict))
            throw typeError(`argument after ** must be a mapping, not ${typeName(value)}`);
          for (const [key, v] of value.items()) {
            const name = strOf(key);
            if (name === undefined) throw typeError("keywords must be strings");
            if (kwargs.has(name)) throw typeError(`got multiple values for keyword argument '${name}'`);
            kwargs.set(name, v);
          }
        }
        return callValue(f, { args, kwargs });
      }
      case "BinOp":
        return pyBinary(BIN_OPS[e.op], this.eval(e.left, scope), this.eval(e.right, scope));
      case "UnaryOp": {
        const v = this.eval(e.operand, scope);
        return pyUnary(e.op === "Not" ? "not" : e.op === "USub" ? "-" : e.op === "UAdd" ? "+" : "~", v);
      }
      case "BoolOp": {
        let v: PyValue = null;
        for (const x of e.values) {
          v = this.eval(x, scope);
          if (e.op === "And" ? !truthy(v) : truthy(v)) return v;
        }
        return v;
      }
      case "Compare": {
        let left = this.eval(e.left, scope);
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.eval(e.comparators[i] as Expr, scope);
          if (!compare(e.ops[i] as CmpOpName, left, right)) return false;
          left = right;
        }
        return true;
      }
      case "IfExp":
        return truthy(this.eval(e.test, scope)) ? this.eval(e.body, scope) : this.eval(e.orelse, scope);
      case "List":
        return this.evalItems(e.elts, scope);
      case "Tuple":
        return new PyTuple(this.evalItems(e.elts, scope));
      case "Set":
        return PySet.from(this.evalItems(e.elts, scope));
      case "Dict": {
        const d = new PyDict();
        e.keys.forEach((k, i) => {
          if (k === null) {
            const src = this.eval(e.values[i] as Expr, scope);
            if (!(src instanceof PyDict)) throw typeError(`'${typeName(src)}' object is not a mapping`);
            for (const [kk, vv] of src.items()) d.set(kk, vv);
          } else {
            const key = this.eval(k, scope);
            d.set(key, this.eval(e.values[i] as Expr, scope));
          }
        });
        return d;
      }
      case "ListComp":
      case "GeneratorExp":
        return this.comprehension(e.generators, scope, (s) => [this.eval(e.elt, s)]);
      case "SetComp":
        return PySet.from(this.comprehension(e.generators, scope, (s) => [this.eval(e.elt, s)]));
      case "DictComp": {
        const pairs = this.comprehension(e.generators, scope, (s) => [
          new PyTuple([this.eval(e.key, s), this.eval(e.value, s)]),
        ]);
        return PyDict.from(pairs.map((p) => (p as PyTuple).items as [PyValue, PyValue]));
      }
      case "JoinedStr":
        return e.values
          .map((v) => (v.type === "Constant" ? String(v.value) : (strOf(this.eval(v, scope)) ?? "")))
          .join("");
      case "FormattedValue": {
        let v = this.eval(e.value, scope);
        if (e.conversion === 115) v = pyStr(v);
        else if (e.conversion === 114 || e.conversion === 97) v = pyRepr(v);
        const spec = e.format_spec ? (strOf(this.eval(e.format_spec, scope)) ?? "") : "";
        return formatValue(v, spec);
      }
      case "Lambda":
        return this.lambda(e, scope);
      case "Starred":
        throw unsupported("A starred expression here");
      case "Slice":
        throw unsupported("A slice outside of a subscript");
      case "NamedExpr":
        throw unsupported("The walrus operator");
    }
  }

  private evalItems(elts: Expr[], scope: Scope): PyValue[] {
    const out: PyValue[] = [];
    for (const x of elts) {
      if (x.type === "Starred") out.push(...pyIter(this.eval(x.value, scope)));
      else out.push(this.eval(x, scope));
    }
    return out;
  }

  private comprehension(gens: Comprehension[], outer: Scope, emit: (s: Scope) => PyValue[]): PyValue[] {
    const names = new Set<string>();
    gens.forEach((g) => targetNames(g.target, names));
    const inner = new Scope(names, outer.globals, outer);
    const out: PyValue[] = [];
    // Only the first iterable is evaluated in the enclosing scope, as in CPython.
    const first = this.eval((gens[0] as Comprehension).iter, outer);
    const loop = (i: number, iterable: PyValue) => {
      const g = gens[i] as Comprehension;
      for (const item of pyIter(iterable)) {
        this.tick();
        this.assign(g.target, item, inner);
        if (!g.ifs.every((c) => truthy(this.eval(c, inner)))) continue;
        if (i + 1 < gens.length) loop(i + 1, this.eval((gens[i + 1] as Comprehension).iter, inner));
        else out.push(...emit(inner));
      }
    };
    loop(0, first);
    return out;
  }

  private lambda(e: Expr & { type: "Lambda" }, scope: Scope): PyFunction {
    const params = e.args.args;
    const defaults = e.args.defaults.map((d) => this.eval(d, scope));
    const firstDefault = params.length - defaults.length;
    return new PyFunction("<lambda>", (call) => {
      const local = new Scope(new Set(params), scope.globals, scope);
      if (call.args.length > params.length)
        throw typeError(
          `<lambda>() takes ${params.length} positional argument${params.length === 1 ? "" : "s"} but ${call.args.length} ${call.args.length === 1 ? "was" : "were"} given`,
        );
      params.forEach((p, i) => {
        const v =
          i < call.args.length
            ? call.args[i]
            : call.kwargs.has(p)
              ? call.kwargs.get(p)
              : i >= firstDefault
                ? defaults[i - firstDefault]
                : undefined;
        if (v === undefined) throw typeError(`<lambda>() missing 1 required positional argument: '${p}'`);
        local.store(p, v);
      });
      return this.eval(e.body, local);
    });
  }

  assign(target: Expr, value: PyValue, scope: Scope): void {
    switch (target.type) {
      case "Name":
        return scope.store(target.id, value);
      case "Tuple":
      case "List": {
        let items: PyValue[];
        try {
          items = pyList(value);
        } catch (e) {
          if (e instanceof PyException && e.pyType === "TypeError")
            throw typeError(`cannot unpack non-iterable ${typeName(value)} object`);
          throw e;
        }
        const star = target.elts.findIndex((t) => t.type === "Starred");
        const n = target.elts.length;
        if (star === -1) {
          if (items.length < n) throw valueError(`not enough values to unpack (expected ${n}, got ${items.length})`);
          if (items.length > n) throw valueError(`too many values to unpack (expected ${n})`);
          target.elts.forEach((t, i) => this.assign(t, items[i] ?? null, scope));
          return;
        }
        if (items.length < n - 1)
          throw valueError(`not enough values to unpack (expected at least ${n - 1}, got ${items.length})`);
        const after = n - star - 1;
        target.elts.forEach((t, i) => {
          if (i < star) this.assign(t, items[i] ?? null, scope);
          else if (i === star)
            this.assign((t as Expr & { type: "Starred" }).value, items.slice(star, items.length - after), scope);
          else this.assign(t, items[items.length - (n - i)] ?? null, scope);
        });
        return;
      }
      case "Subscript": {
        const obj = this.eval(target.value, scope);
        const key = this.eval(target.slice, scope);
        if (obj instanceof PyDict) return obj.set(key, value);
        if (Array.isArray(obj)) {
          const i = intOf(key);
          if (i === undefined) throw typeError(`list indices must be integers or slices, not ${typeName(key)}`);
          const k = Number(i < 0n ? i + BigInt(obj.length) : i);
          if (k < 0 || k >= obj.length) throw new PyException("IndexError", "list assignment index out of range");
          obj[k] = value;
          return;
        }
        throw typeError(`'${typeName(obj)}' object does not support item assignment`);
      }
      default:
        throw unsupported(`Assigning to ${target.type}`);
    }
  }

  exec(s: Stmt, scope: Scope): void {
    switch (s.type) {
      case "Expr":
        this.eval(s.value, scope);
        return;
      case "Assign": {
        const v = this.eval(s.value, scope);
        for (const t of s.targets) this.assign(t, v, scope);
        return;
      }
      case "AugAssign": {
        const current = this.eval({ ...s.target, ctx: "Load" } as Expr, scope);
        const rhs = this.eval(s.value, scope);
        if (s.op === "Add" && Array.isArray(current)) {
          current.push(...pyIter(rhs));
          return this.assign(s.target, current, scope);
        }
        return this.assign(s.target, pyBinary(BIN_OPS[s.op], current, rhs), scope);
      }
      case "Delete":
        for (const t of s.targets) {
          if (t.type !== "Name") throw unsupported("Deleting anything but a name");
          scope.delete(t.id);
        }
        return;
      case "Pass":
        return;
      default:
        throw unsupported(`The ${s.type} statement`);
    }
  }
}
