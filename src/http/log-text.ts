/** Control characters (C0, DEL, C1, the Unicode line and paragraph separators) and the backslash that escapes them. */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g;
const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/**
 * Text a client sent, made safe to write into the server log: one line, no terminal escapes. A newline it
 * carries would otherwise start a line of its own that reads like the server's (a forged entry).
 * @example logText('ok\n[ERROR] forged') // 'ok\\n[ERROR] forged'
 */
export function logText(text: string): string {
  return text.replace(unsafe, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
