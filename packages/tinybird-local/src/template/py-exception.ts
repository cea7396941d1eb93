/** Python exceptions as raised by the template runtime; their type decides how Tinybird reports them. */

const PARENT: Record<string, string> = {
  Exception: "BaseException",
  GeneratorExit: "BaseException",
  KeyboardInterrupt: "BaseException",
  SystemExit: "BaseException",
  BaseExceptionGroup: "BaseException",
  ExceptionGroup: "Exception",
  ArithmeticError: "Exception",
  FloatingPointError: "ArithmeticError",
  OverflowError: "ArithmeticError",
  ZeroDivisionError: "ArithmeticError",
  AssertionError: "Exception",
  AttributeError: "Exception",
  BufferError: "Exception",
  EOFError: "Exception",
  ImportError: "Exception",
  ModuleNotFoundError: "ImportError",
  LookupError: "Exception",
  IndexError: "LookupError",
  KeyError: "LookupError",
  MemoryError: "Exception",
  NameError: "Exception",
  UnboundLocalError: "NameError",
  OSError: "Exception",
  EnvironmentError: "Exception",
  IOError: "Exception",
  ReferenceError: "Exception",
  RuntimeError: "Exception",
  NotImplementedError: "RuntimeError",
  RecursionError: "RuntimeError",
  StopIteration: "Exception",
  StopAsyncIteration: "Exception",
  SyntaxError: "Exception",
  IndentationError: "SyntaxError",
  TabError: "IndentationError",
  SystemError: "Exception",
  TypeError: "Exception",
  ValueError: "Exception",
  UnicodeError: "ValueError",
  UnicodeDecodeError: "UnicodeError",
  UnicodeEncodeError: "UnicodeError",
  UnicodeTranslateError: "UnicodeError",
  Warning: "Exception",
  BlockingIOError: "OSError",
  ChildProcessError: "OSError",
  ConnectionError: "OSError",
  BrokenPipeError: "ConnectionError",
  ConnectionAbortedError: "ConnectionError",
  ConnectionRefusedError: "ConnectionError",
  ConnectionResetError: "ConnectionError",
  FileExistsError: "OSError",
  FileNotFoundError: "OSError",
  InterruptedError: "OSError",
  IsADirectoryError: "OSError",
  NotADirectoryError: "OSError",
  PermissionError: "OSError",
  ProcessLookupError: "OSError",
  TimeoutError: "OSError",
  BytesWarning: "Warning",
  DeprecationWarning: "Warning",
  EncodingWarning: "Warning",
  FutureWarning: "Warning",
  ImportWarning: "Warning",
  PendingDeprecationWarning: "Warning",
  ResourceWarning: "Warning",
  RuntimeWarning: "Warning",
  SyntaxWarning: "Warning",
  UnicodeWarning: "Warning",
  UserWarning: "Warning",
  // Tinybird's own exception classes (sql_template.py / tornado_template.py)
  SQLTemplateException: "ValueError",
  SQLTemplateCustomError: "Exception",
  ParseError: "Exception",
  UnClosedIfError: "Exception",
  SecurityException: "Exception",
};

export function isExceptionClassName(name: string): boolean {
  return name === "BaseException" || name in PARENT;
}

export function isSubclassOf(type: string, ancestor: string): boolean {
  for (let t: string | undefined = type; t !== undefined; t = PARENT[t]) if (t === ancestor) return true;
  return false;
}

export interface PyExceptionExtra {
  /** SQLTemplateException: documentation path. */
  documentation?: string;
  /** SQLTemplateCustomError: the raw payload and status code. */
  payload?: unknown;
  code?: unknown;
  /** SyntaxError: 1-based template line, when Python would report one. */
  line?: number;
}

/** A raised Python exception. `message` is exactly what `str(e)` returns in Python. */
export class PyException extends Error {
  constructor(
    readonly pyType: string,
    message: string,
    readonly extra: PyExceptionExtra = {},
  ) {
    super(message);
    this.name = pyType;
  }

  is(ancestor: string): boolean {
    return isSubclassOf(this.pyType, ancestor);
  }
}

export const typeError = (message: string) => new PyException("TypeError", message);
export const valueError = (message: string) => new PyException("ValueError", message);
export const attributeError = (message: string) => new PyException("AttributeError", message);
export const indexError = (message: string) => new PyException("IndexError", message);
export const syntaxError = (message: string, line?: number) =>
  new PyException("SyntaxError", message, line === undefined ? {} : { line });

/** `SQLTemplateException(err, documentation)`: str() carries the "Template Syntax Error: " prefix. */
export function sqlTemplateException(err: string, documentation?: string): PyException {
  return new PyException(
    "SQLTemplateException",
    `Template Syntax Error: ${err}`,
    documentation === undefined ? {} : { documentation },
  );
}

/** A feature of Python the local engine deliberately does not emulate; reported as a clear 400. */
export function unsupported(what: string): PyException {
  return new PyException("ValueError", `${what} is not supported by the local Tinybird template engine`);
}
